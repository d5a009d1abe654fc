export { registerCockpitResources } from './cockpit-resources.ts';
export {
  completeAnyIds,
  completeCanaryIds,
  completeJobIds,
  completeModelIds,
  forReaders,
  type IdCompletionStore,
} from './id-completions.ts';
export {
  type ResourceReading,
  type ResourceStore,
  readCanary,
  readJob,
  readNarrative,
} from './resource-readers.ts';
export { publishResourceUpdates } from './resource-updates.ts';
export { canaryUri, jobUri, narrativeUri, RESOURCE_TEMPLATES, urisChangedBy } from './resource-uris.ts';
