/**
 * The Kubernetes manifests (`deploy/kubernetes`), read as Kubernetes reads them: every file the
 * kustomization lists parses, the Deployment runs 3 replicas probed on /health at the port the
 * Service targets, every secret it reads is in the Secret, and the Service and the disruption
 * budget select exactly the Deployment's pods.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const KUBERNETES_DIR = join(import.meta.dirname, '..', 'kubernetes');

interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly labels?: Record<string, string> };
  readonly spec?: Record<string, unknown>;
  readonly stringData?: Record<string, string>;
}

/** Every document of every file `kustomization.yaml` lists, parsed strictly. */
function manifests(): Manifest[] {
  const kustomization = parseAllDocuments(readFileSync(join(KUBERNETES_DIR, 'kustomization.yaml'), 'utf8'));
  const resources = (kustomization[0]?.toJS() as { resources?: string[] } | undefined)?.resources ?? [];
  return resources.flatMap((file) =>
    parseAllDocuments(readFileSync(join(KUBERNETES_DIR, file), 'utf8')).map((document) => {
      expect(document.errors, file).toEqual([]);
      return document.toJS() as Manifest;
    }),
  );
}

function one(kind: string): Manifest {
  const found = manifests().filter((manifest) => manifest.kind === kind);
  expect(found, kind).toHaveLength(1);
  return found[0] as Manifest;
}

interface Container {
  image: string;
  ports: { name: string; containerPort: number }[];
  env: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  readinessProbe: { httpGet: { path: string; port: string } };
  livenessProbe: { httpGet: { path: string; port: string }; failureThreshold: number; periodSeconds: number };
}

describe('the Kubernetes manifests', () => {
  it('declare a Secret, a Deployment, a Service and a PodDisruptionBudget', () => {
    expect(manifests().map((manifest) => `${manifest.apiVersion} ${manifest.kind}`)).toEqual([
      'v1 Secret',
      'apps/v1 Deployment',
      'v1 Service',
      'policy/v1 PodDisruptionBudget',
    ]);
  });

  it('run three replicas, each named by its pod, probed on /health, reading keys and database from the Secret', () => {
    const deployment = one('Deployment');
    const spec = deployment.spec as {
      replicas: number;
      selector: { matchLabels: Record<string, string> };
      template: { metadata: { labels: Record<string, string> }; spec: { containers: Container[] } };
    };
    expect(spec.replicas).toBe(3);
    expect(spec.template.metadata.labels).toMatchObject(spec.selector.matchLabels);
    const [container] = spec.template.spec.containers;
    const env = Object.fromEntries((container?.env ?? []).map((variable) => [variable.name, variable]));
    expect(env.HOST?.value).toBe('0.0.0.0'); // not loopback: the probes and the Service reach it
    expect(env.LUKHAS_REPLICA_ID?.valueFrom).toEqual({ fieldRef: { fieldPath: 'metadata.name' } });
    const port = container?.ports.find((entry) => entry.name === 'http');
    expect(String(port?.containerPort)).toBe(env.PORT?.value);
    for (const probe of [container?.readinessProbe, container?.livenessProbe]) {
      expect(probe?.httpGet).toEqual({ path: '/health', port: 'http' });
    }
    // A database outage makes /health 503 everywhere: liveness waits a minute before restarting.
    expect(
      (container?.livenessProbe.failureThreshold ?? 0) * (container?.livenessProbe.periodSeconds ?? 0),
    ).toBe(60);

    const secret = one('Secret');
    const fromSecret = (container?.env ?? []).flatMap((variable) =>
      variable.valueFrom?.secretKeyRef === undefined ? [] : [variable.valueFrom.secretKeyRef],
    );
    expect(fromSecret.map((reference) => reference.key).sort()).toEqual([
      'LUKHAS_MCP_API_KEYS',
      'LUKHAS_MCP_DB',
    ]);
    for (const reference of fromSecret) {
      expect(reference.name).toBe(secret.metadata.name);
      expect(Object.keys(secret.stringData ?? {})).toContain(reference.key);
    }
    expect(secret.stringData?.LUKHAS_MCP_DB).toMatch(/^postgres:\/\//);
  });

  it('expose the pods behind one Service and keep two of three through voluntary disruptions', () => {
    const podLabels = (
      one('Deployment').spec as { template: { metadata: { labels: Record<string, string> } } }
    ).template.metadata.labels;
    const service = one('Service').spec as {
      selector: Record<string, string>;
      ports: { port: number; targetPort: string }[];
    };
    expect(podLabels).toMatchObject(service.selector);
    expect(service.ports).toEqual([{ name: 'http', port: 8766, targetPort: 'http' }]);
    const budget = one('PodDisruptionBudget').spec as {
      minAvailable: number;
      selector: { matchLabels: Record<string, string> };
    };
    expect(budget.minAvailable).toBe(2);
    expect(podLabels).toMatchObject(budget.selector.matchLabels);
  });
});
