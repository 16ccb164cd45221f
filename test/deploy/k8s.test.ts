import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import {
  PodMonitor,
  PrometheusRule,
  ServiceMonitor,
} from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import type { Setting } from '@scheduler/config';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Service } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { type K8sObject, readmeAlertRules, renderKustomization, settingsOf } from './render.ts';

/** The schema of every kind the manifests use; an object of any other kind fails the test. */
const MODELS: Record<string, { new (data: never): { validate(): void } }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
  'monitoring.coreos.com/v1/PodMonitor': PodMonitor,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule,
};

/** Defaults that point at this machine: a cluster must set them. */
const CLUSTER_MUST_SET = ['DATABASE_URL', 'REDIS_URL', 'CRAWLER_SERVICE_URL', 'EMAIL_SERVICE_URL'];

const find = (objects: K8sObject[], kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
};

/** What a container's process sees: its env, and the keys of the ConfigMaps it takes whole. */
function environmentOf(objects: K8sObject[], container: { env?: unknown[]; envFrom?: unknown[] }) {
  const names = new Map<string, { value?: string; secret?: { name: string; key: string; optional?: boolean } }>();
  for (const from of (container.envFrom ?? []) as Array<{ configMapRef?: { name: string } }>) {
    const map = find(objects, 'ConfigMap', from.configMapRef?.name ?? '');
    for (const [key, value] of Object.entries(map.data ?? {})) names.set(key, { value });
  }
  for (const entry of (container.env ?? []) as Array<{
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } };
  }>) {
    names.set(entry.name, { value: entry.value, secret: entry.valueFrom?.secretKeyRef });
  }
  return names;
}

describe.each(['k8s/overlays/staging', 'k8s/overlays/production'])('%s', (overlay) => {
  const objects = renderKustomization(overlay);
  const api = find(objects, 'Deployment', 'scheduler-api');
  const worker = find(objects, 'Deployment', 'scheduler-worker');
  const apiContainer = api.spec.template.spec.containers[0];
  const workerContainer = worker.spec.template.spec.containers[0];

  it('renders only objects that pass their Kubernetes schemas, all in one namespace', () => {
    expect(objects.length).toBeGreaterThanOrEqual(12);
    for (const object of objects) {
      const Model = MODELS[`${object.apiVersion}/${object.kind}`];
      expect(Model, `${object.apiVersion} ${object.kind} has no schema here`).toBeDefined();
      expect(() => new (Model as NonNullable<typeof Model>)(object as never).validate()).not.toThrow();
    }
    expect(new Set(objects.map((o) => o.metadata.namespace)).size).toBe(1);
  });

  it('serves the API on Service port 7005 → container 8080, where the API is told to listen', () => {
    const service = find(objects, 'Service', 'scheduler-service');
    expect(service.spec.ports).toEqual([{ name: 'http', port: 7005, targetPort: 'http', protocol: 'TCP' }]);
    expect(service.spec.selector).toEqual(api.spec.template.metadata.labels);
    expect(apiContainer.ports).toEqual([{ name: 'http', containerPort: 8080 }]);
    expect(environmentOf(objects, apiContainer).get('PORT')?.value).toBe('8080');
    expect(environmentOf(objects, apiContainer).get('HOST')?.value).toBe('0.0.0.0');
    expect(apiContainer.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
    expect(apiContainer.livenessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(api.spec.replicas).toBeGreaterThanOrEqual(2);
  });

  it('probes each worker on the port its health server is told to use', () => {
    const port = Number(environmentOf(objects, workerContainer).get('WORKER_HEALTH_PORT')?.value);
    expect(workerContainer.ports).toEqual([{ name: 'probes', containerPort: port }]);
    expect(workerContainer.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'probes' });
    expect(workerContainer.livenessProbe.httpGet).toEqual({ path: '/health', port: 'probes' });
  });

  it('gives each process more time to stop than its own shutdown grace', () => {
    for (const [deployment, container, process] of [
      [api, apiContainer, 'api'],
      [worker, workerContainer, 'worker'],
    ] as const) {
      const setting = settingsOf(process).find((s) => s.name === 'SHUTDOWN_GRACE_MS') as Setting;
      const graceMs = Number(environmentOf(objects, container).get('SHUTDOWN_GRACE_MS')?.value ?? setting.defaultValue);
      // A few seconds above: the kubelet's SIGKILL must never land inside the process's own grace.
      expect(deployment.spec.template.spec.terminationGracePeriodSeconds * 1000).toBeGreaterThanOrEqual(graceMs + 5000);
    }
  });

  it('provides every setting the config schemas require, from the Secret for the secret ones', () => {
    for (const [container, process] of [
      [apiContainer, 'api'],
      [workerContainer, 'worker'],
    ] as const) {
      const env = environmentOf(objects, container);
      const settings = settingsOf(process);
      const known = new Set(settings.map((s) => s.name));
      // A misspelled variable would be ignored by the process: every name must be a setting.
      for (const name of env.keys()) expect(known, `${process}: ${name} is not a setting`).toContain(name);
      for (const name of [...settings.filter((s) => s.required).map((s) => s.name), ...CLUSTER_MUST_SET])
        expect(env.has(name), `${process} needs ${name}`).toBe(true);
      for (const name of ['DATABASE_URL', 'REDIS_URL', 'SCHEDULER_SERVICE_KEY'])
        expect(env.get(name)?.secret).toEqual({ name: 'scheduler-secrets', key: name });
      expect(env.get('MIGRATE_ON_START')?.value).toBe('false');
    }
  });

  it('migrates before any replica starts, in an init step of each', () => {
    for (const deployment of [api, worker]) {
      const [init] = deployment.spec.template.spec.initContainers;
      expect(init.command).toEqual(['node', 'dist/migrate.js']);
      expect(init.image).toBe(apiContainer.image);
      expect(init.env).toEqual([
        { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'scheduler-secrets', key: 'DATABASE_URL' } } },
      ]);
    }
  });

  it('runs images of the registry as an unprivileged user with a read-only root', () => {
    for (const deployment of [api, worker]) {
      const pod = deployment.spec.template.spec;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true });
      for (const container of [...pod.initContainers, ...pod.containers]) {
        expect(container.image).toMatch(/^stumbleable\.azurecr\.io\/scheduler-(api|worker):/);
        expect(container.securityContext).toMatchObject({
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
        });
        expect(container.resources.limits.memory).toBeDefined();
      }
    }
  });

  it('scales the API on CPU and the workers on queue depth, each with a disruption budget', () => {
    const hpa = find(objects, 'HorizontalPodAutoscaler', 'scheduler-api');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'scheduler-api' });
    expect(hpa.spec.metrics[0].resource.name).toBe('cpu');
    const scaled = find(objects, 'ScaledObject', 'scheduler-worker');
    expect(scaled.spec.scaleTargetRef.name).toBe('scheduler-worker');
    expect(scaled.spec.triggers[0].metadata.query).toContain('scheduler_queue_jobs');
    expect(scaled.spec.minReplicaCount).toBeGreaterThanOrEqual(2);
    for (const name of ['scheduler-api', 'scheduler-worker']) {
      const budget = find(objects, 'PodDisruptionBudget', name);
      expect(budget.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': name });
    }
  });

  it('keeps the worker’s probe and metrics port inside the cluster', () => {
    const policy = find(objects, 'NetworkPolicy', 'scheduler-worker');
    expect(policy.spec.podSelector.matchLabels).toEqual(worker.spec.template.metadata.labels);
    expect(policy.spec.policyTypes).toEqual(['Ingress']);
    for (const rule of policy.spec.ingress) {
      expect(rule.from.length).toBeGreaterThan(0);
      for (const peer of rule.from) expect(peer.ipBlock).toBeUndefined();
    }
  });

  it('scrapes both processes and alerts as README says', () => {
    const monitor = find(objects, 'ServiceMonitor', 'scheduler-api');
    expect(monitor.spec.endpoints[0]).toMatchObject({ port: 'http', path: '/metrics' });
    // Prometheus holds a token that reads metrics, not the service key; both processes ask for it.
    const metricsToken = { name: 'scheduler-secrets', key: 'METRICS_TOKEN' };
    expect(monitor.spec.endpoints[0].authorization.credentials).toEqual(metricsToken);
    const podEndpoint = find(objects, 'PodMonitor', 'scheduler-worker').spec.podMetricsEndpoints[0];
    expect(podEndpoint).toMatchObject({ port: 'probes', path: '/metrics' });
    expect(podEndpoint.authorization.credentials).toEqual(metricsToken);
    for (const container of [apiContainer, workerContainer]) {
      expect(environmentOf(objects, container).get('METRICS_TOKEN')?.secret).toEqual(metricsToken);
    }
    const rules = find(objects, 'PrometheusRule', 'scheduler').spec.groups.flatMap(
      (g: { rules: unknown[] }) => g.rules,
    );
    expect(rules).toEqual(readmeAlertRules());
  });
});
