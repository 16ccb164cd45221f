// Bytes a process allocates per job, for the benches' spawned processes (deterministic where CPU
// time on this machine is not): load it with
//   BENCH_NODE_FLAGS="--import=$PWD/bench/support/allocation-probe.mjs" pnpm bench:lifecycle -- --only latency --seconds 16
// It samples every allocation (V8's sampling heap profiler, every 2 KiB, objects collected later
// included) from PROBE_FROM_S (6) to PROBE_TO_S (16) seconds after the process starts, and
// appends "<entry> <KiB> KiB per job" to PROBE_OUT (/tmp/allocation-probe.log), at PROBE_RATE (200)
// jobs a second: the latency phase's rate.
import { appendFileSync } from 'node:fs';
import inspector from 'node:inspector';

const from = Number(process.env.PROBE_FROM_S ?? 6) * 1000;
const to = Number(process.env.PROBE_TO_S ?? 16) * 1000;
const rate = Number(process.env.PROBE_RATE ?? 200);
const out = process.env.PROBE_OUT ?? '/tmp/allocation-probe.log';
const entry = process.argv[1]?.split('/').slice(-3).join('/');
const session = new inspector.Session();
session.connect();
const post = (method, params = {}) =>
  new Promise((resolve, reject) =>
    session.post(method, params, (error, answer) => (error ? reject(error) : resolve(answer))),
  );

setTimeout(async () => {
  await post('HeapProfiler.enable');
  await post('HeapProfiler.startSampling', {
    samplingInterval: 2048,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  const started = performance.now();
  setTimeout(async () => {
    const { profile } = await post('HeapProfiler.getSamplingProfile');
    await post('HeapProfiler.stopSampling');
    let bytes = 0;
    const walk = (node) => {
      bytes += node.selfSize;
      for (const child of node.children) walk(child);
    };
    walk(profile.head);
    const seconds = (performance.now() - started) / 1000;
    appendFileSync(out, `${entry} ${(bytes / seconds / rate / 1024).toFixed(1)} KiB per job\n`);
  }, to - from).unref();
}, from).unref();
