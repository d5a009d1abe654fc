export {
  ACCESS_SCOPES,
  type Access,
  type AccessScope,
  ALL_SCOPES,
  isAccessScope,
  READ_ONLY_SCOPES,
} from './access.ts';
export { AccessError, requireScope } from './require-scope.ts';
export { type AccessVariables, routeScope } from './route-scope.ts';
