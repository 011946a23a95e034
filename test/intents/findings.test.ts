import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSettldError } from '../../core/errors.js';
import { parseFindings } from '../../core/intents/findings.js';
import { expectError } from './helpers.js';

const ruff = [
  {
    cell: null,
    code: 'F821',
    end_location: { column: 8, row: 3 },
    filename: '/ci/repo/lukhas/core/foo.py',
    fix: null,
    location: { column: 5, row: 3 },
    message: 'Undefined name `x`',
    noqa_row: 3,
    url: 'https://docs.astral.sh/ruff/rules/undefined-name',
  },
  {
    cell: null,
    code: null,
    filename: '/ci/repo/lukhas/core/broken.py',
    location: { column: 1, row: 1 },
    message: 'SyntaxError: unexpected indent',
  },
  { code: 'F401', filename: 'my docs/why?.py', location: { column: 1, row: 1 }, message: 'unused import' },
];

const eslint = [
  {
    filePath: '/ci/repo/web/src/app.ts',
    messages: [
      { ruleId: 'no-undef', severity: 2, message: "'x' is not defined.", line: 10, column: 3 },
      { ruleId: null, fatal: true, severity: 2, message: 'Parsing error', line: 1 },
      { ruleId: '@typescript-eslint/no-unused-vars', severity: 1, message: 'unused', line: 12 },
    ],
    errorCount: 2,
    warningCount: 1,
  },
  { filePath: '/ci/repo/web/src/clean.ts', messages: [], errorCount: 0 },
];

const sarif = {
  $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
  version: '2.1.0',
  runs: [
    {
      tool: {
        driver: { name: 'CodeQL', rules: [{ id: 'py/unused-import' }, { id: 'py/undefined-export' }] },
      },
      originalUriBaseIds: { SRCROOT: { uri: 'file:///ci/repo/' } },
      results: [
        {
          ruleId: 'F821',
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: 'file:///ci/repo/a%20b/c%23d.py' },
                region: { startLine: 7 },
              },
            },
          ],
        },
        {
          ruleIndex: 1,
          locations: [
            { physicalLocation: { artifactLocation: { uri: 'src/why%3F.py', uriBaseId: 'SRCROOT' } } },
          ],
        },
        {
          rule: { id: 'F401' },
          locations: [
            { physicalLocation: { artifactLocation: { uri: 'lib/x.py' }, region: { startLine: 2 } } },
          ],
        },
        { ruleId: 'NOLOC', message: { text: 'a result without a location names no file' } },
      ],
    },
  ],
};

describe('parseFindings', () => {
  it('reads ruff JSON, skipping syntax errors (no code) and relativising under the root', () => {
    expect(parseFindings(JSON.stringify(ruff), { root: '/ci/repo' })).toEqual({
      format: 'ruff',
      findings: [
        { file: 'lukhas/core/foo.py', code: 'F821', line: 3 },
        { file: 'my docs/why?.py', code: 'F401', line: 1 },
      ],
    });
  });

  it('keeps absolute paths absolute when no root is given', () => {
    expect(parseFindings(ruff).findings[0]).toEqual({
      file: '/ci/repo/lukhas/core/foo.py',
      code: 'F821',
      line: 3,
    });
  });

  it('reads ESLint JSON and its json-with-metadata wrapper', () => {
    const expected = [
      { file: 'web/src/app.ts', code: 'no-undef', line: 10 },
      { file: 'web/src/app.ts', code: '@typescript-eslint/no-unused-vars', line: 12 },
    ];
    expect(parseFindings(eslint, { root: '/ci/repo' })).toEqual({ format: 'eslint', findings: expected });
    expect(
      parseFindings({ results: eslint, metadata: { rulesMeta: {} } }, { root: '/ci/repo' }).findings,
    ).toEqual(expected);
  });

  it('reads SARIF 2.1.0: file URIs, percent-encoding, base ids and rule indexes', () => {
    expect(parseFindings(sarif, { root: '/ci/repo' })).toEqual({
      format: 'sarif',
      findings: [
        { file: 'a b/c#d.py', code: 'F821', line: 7 },
        { file: 'src/why?.py', code: 'py/undefined-export', line: null },
        { file: 'lib/x.py', code: 'F401', line: 2 },
      ],
    });
  });

  it('keeps an unencoded ? or # in a SARIF URI as part of the name', () => {
    const run = {
      version: '2.1.0',
      runs: [
        {
          results: [
            {
              ruleId: 'X1',
              locations: [{ physicalLocation: { artifactLocation: { uri: 'file:///r/q?.py' } } }],
            },
            { ruleId: 'X2', locations: [{ physicalLocation: { artifactLocation: { uri: 'n#1 100%.py' } } }] },
          ],
        },
      ],
    };
    expect(parseFindings(run, { root: '/r' }).findings.map((finding) => finding.file)).toEqual([
      'q?.py',
      'n#1 100%.py',
    ]);
  });

  it('accepts an empty list from any tool', () => {
    expect(parseFindings('[]')).toEqual({ format: null, findings: [] });
  });

  it.each([
    ['not JSON', '{oops', /not valid JSON/],
    ['a number', 42, /Unrecognised/],
    ['a list of strings', ['a'], /Unrecognised/],
    [
      'ruff without a filename',
      [{ code: 'F821', filename: 3 }],
      /ruff findings are malformed at \[0\]\.filename/,
    ],
    [
      'ESLint without messages',
      [{ filePath: 'a.ts', messages: 'x' }],
      /eslint findings are malformed at \[0\]\.messages/,
    ],
    ['an old SARIF', { version: '2.0.0', runs: [] }, /SARIF version "2.0.0" is not supported/],
    ['SARIF without runs', { version: '2.1.0' }, /sarif findings are malformed at \.runs/],
    [
      'an http URI',
      {
        version: '2.1.0',
        runs: [
          {
            results: [
              {
                ruleId: 'X',
                locations: [{ physicalLocation: { artifactLocation: { uri: 'https://x/a.py' } } }],
              },
            ],
          },
        ],
      },
      /not a file path/,
    ],
    [
      'a path escaping the repository',
      [{ code: 'F821', filename: '../../etc/passwd', location: null }],
      /escapes/,
    ],
  ])('refuses %s with INVALID_FINDINGS', async (_name, input, message) => {
    await expectError(() => parseFindings(input), 'INVALID_FINDINGS', 400);
    expect(() => parseFindings(input)).toThrow(message);
  });

  it('never throws anything but INVALID_FINDINGS, whatever it is given', () => {
    const path = fc.oneof(
      fc.string(),
      fc.constantFrom('/abs/a.py', '../x', 'a\\b', 'file:///a%zz', 'C:\\x', ''),
    );
    const shaped = fc.oneof(
      fc.array(
        fc.record(
          {
            code: fc.oneof(fc.string(), fc.constant(null), fc.integer()),
            filename: path,
            location: fc.anything(),
          },
          { requiredKeys: [] },
        ),
      ),
      fc.array(
        fc.record({
          filePath: path,
          messages: fc.oneof(
            fc.anything(),
            fc.array(fc.record({ ruleId: fc.anything(), line: fc.anything() })),
          ),
        }),
      ),
      fc.record({
        version: fc.oneof(fc.constant('2.1.0'), fc.anything()),
        runs: fc.oneof(
          fc.anything(),
          fc.array(
            fc.record({
              results: fc.array(
                fc.record({
                  ruleId: fc.oneof(fc.string(), fc.anything()),
                  ruleIndex: fc.oneof(fc.integer(), fc.anything()),
                  locations: fc.array(
                    fc.record({
                      physicalLocation: fc.record({
                        artifactLocation: fc.record({ uri: path }),
                        region: fc.anything(),
                      }),
                    }),
                  ),
                }),
              ),
            }),
          ),
        ),
      }),
    );
    const input = fc.oneof(
      fc.anything(),
      fc.json(),
      fc.string(),
      shaped,
      shaped.map((value) => JSON.stringify(value)),
    );
    fc.assert(
      fc.property(input, fc.option(fc.string()), (value, root) => {
        try {
          const parsed = parseFindings(value, { root: root ?? undefined });
          for (const finding of parsed.findings) {
            expect(typeof finding.file).toBe('string');
            expect(finding.file).not.toBe('');
            expect(finding.code).not.toMatch(/\s/);
          }
        } catch (error) {
          if (!isSettldError(error) || error.code !== 'INVALID_FINDINGS' || error.status !== 400) throw error;
        }
      }),
      { numRuns: 1500 },
    );
  });
});
