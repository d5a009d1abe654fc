/**
 * Every migration this version knows, by the name recorded in the database. Names sort in the
 * order they run; never rename or edit one that has shipped, add a new one instead.
 */
import type { Migration } from 'kysely';
import type { SchemaFlavor } from '../schema-flavor.ts';
import { initialSchema } from './001-initial-schema.ts';
import { canaryTraffic } from './002-canary-traffic.ts';
import { baselineSamples } from './003-baseline-samples.ts';
import { canaryLeases } from './004-canary-leases.ts';
import { outbox } from './005-outbox.ts';
import { modelHolds } from './006-model-holds.ts';

/** The migrations of this version, keyed by their recorded name, for the given dialect. */
export function cockpitMigrations(flavor: SchemaFlavor): Record<string, Migration> {
  return {
    '001_initial_schema': initialSchema(flavor),
    '002_canary_traffic': canaryTraffic(),
    '003_baseline_samples': baselineSamples(),
    '004_canary_leases': canaryLeases(),
    '005_outbox': outbox(flavor),
    '006_model_holds': modelHolds(),
  };
}
