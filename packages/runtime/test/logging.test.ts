import { describe, expect, it } from 'vitest';
import { createLineRenderer, wantsPretty } from '../src/logging.ts';

const jsonLine = JSON.stringify({
  level: 30,
  time: Date.UTC(2026, 11, 1, 9, 0, 0),
  pid: 1,
  hostname: 'h',
  msg: 'GET /api/jobs 200 3 ms',
  reqId: 'r1',
});

describe('log lines', () => {
  it('are pretty for a person at a terminal and JSON for anything else, unless LOG_FORMAT says', () => {
    expect(wantsPretty('auto', { isTTY: true })).toBe(true);
    expect(wantsPretty('auto', { isTTY: false })).toBe(false);
    expect(wantsPretty('auto', {})).toBe(false);
    expect(wantsPretty('json', { isTTY: true })).toBe(false);
    expect(wantsPretty('pretty', { isTTY: false })).toBe(true);
  });

  it('shows a process JSON line as one readable line tagged with the process, coloured on a terminal', () => {
    const plain = createLineRenderer(true, false)('api', jsonLine);
    expect(plain).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: \[api\] GET \/api\/jobs 200 3 ms \{"reqId":"r1"\}\n$/);
    const coloured = createLineRenderer(true, true)('api', jsonLine);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes are what is asserted
    expect(coloured).toMatch(/\u001b\[32mINFO\u001b\[39m/);
    expect(coloured.split('\n')).toHaveLength(2);
  });

  it('passes JSON through unchanged when not pretty, and tags plain text with the process', () => {
    const json = createLineRenderer(false);
    expect(json('api', jsonLine)).toBe(`${jsonLine}\n`);
    expect(json('stand-ins', 'email stand-in listening on http://127.0.0.1:7006')).toBe(
      '[stand-ins] email stand-in listening on http://127.0.0.1:7006\n',
    );
    expect(createLineRenderer(true)('worker', '{not json')).toBe('[worker] {not json\n');
  });
});
