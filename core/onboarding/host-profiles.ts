/*
 * What each agent host does with an MCP server, as data: the conformance matrix checks a server
 * against these facts and the host-config module writes each host's configuration from them. Adding
 * a host is adding a profile here. Every group of facts names where it comes from (`source`), so a
 * reviewer can re-check it when the host changes.
 */
import type { Verdict } from './matrix-types.js';

/** A verdict a rule can give: `skip` is for checks that could not run, never for a rule. */
export type RuleVerdict = Exclude<Verdict, 'skip'>;

/** The tool hints MCP defines; a host decides from them whether a call needs a person's approval. */
export type HintName = 'readOnlyHint' | 'destructiveHint' | 'idempotentHint' | 'openWorldHint';

/** A rule matches when every listed hint is declared with that value (an undeclared hint never matches). */
export interface AnnotationRule {
  when: Partial<Record<HintName, boolean>>;
  outcome: 'runs' | 'needs-approval';
}

export interface HostProfile {
  target: string;
  host: string;
  /** The host release the facts were last checked against. */
  profileVersion: string;

  handshake: {
    /** The `protocolVersion` the host puts in its `initialize` request. */
    protocolVersion: string;
    /** Versions the host keeps talking with when the server answers another one. */
    acceptedVersions: readonly string[];
    /** How long the host waits for the server before giving up on it. */
    startupTimeoutMs: number;
    /** What the startup timeout covers: Codex and OpenHands also wait for tools/list in it. */
    startupCovers: 'initialize' | 'initialize+tools/list';
    /** A request the host sends before `initialize` to look for a newer protocol era. */
    discoveryProbe?: { method: string; protocolVersion: string };
    source: string;
  };

  toolNames: {
    /** What the host puts before the tool name; `{server}` is the configured server name. */
    prefix: string;
    pattern: string;
    /** Longest full name (prefix included) the model's API accepts. */
    maxLength: number;
    overLength: { verdict: RuleVerdict; effect: string };
    badCharacters: { verdict: RuleVerdict; effect: string };
    source: string;
  };

  inputSchema: {
    /** A root `anyOf`/`oneOf`/`allOf`. */
    rootCombinator: {
      verdict: RuleVerdict;
      effect: string;
      /** When the combinator's branches declare properties the root does not: the host loses them. */
      branchOnlyProperties?: { verdict: RuleVerdict; effect: string };
    };
    /** Combinators or `$ref` below the root. */
    nestedCombinator?: { verdict: RuleVerdict; effect: string };
    /** Properties the host adds to every tool's schema and takes back out before calling the server. */
    injectedProperties: readonly {
      name: string;
      /** Added to tools not marked read-only only (OpenHands' `security_risk`), or to all. */
      addedTo: 'all' | 'not-read-only';
      ownedVerdict: RuleVerdict;
      effect: string;
    }[];
    /** The host rejects arguments the root `properties` do not declare (a free-form root object loses them). */
    undeclaredArguments?: { verdict: RuleVerdict; effect: string };
    source: string;
  };

  annotations: {
    /** Checked in order; the first that matches decides. No match: the call needs approval. */
    rules: readonly AnnotationRule[];
    /** The hints the rules read: a tool that needs approval while one of these is undeclared relies on a default. */
    considers: readonly HintName[];
    /** For a tool that needs approval only because a hint is missing. */
    missingHint: { verdict: RuleVerdict; effect: string };
    source: string;
  };

  output: {
    unit: 'tokens' | 'characters';
    limit: number;
    /** Above this the host still passes the result on, but warns or slows down. */
    warnAt?: number;
    /** Which representation of a tool result the host gives the model. */
    view: 'structured-first' | 'content';
    effect: string;
    source: string;
  };

  /** How long the host waits for one tool call. */
  toolTimeoutMs: number;

  config: {
    format: 'json' | 'toml';
    path: string;
    /** How a secret reaches the server without its value being written in the config. */
    secrets:
      | { kind: 'expand'; syntax: string }
      | { kind: 'forward-names'; key: string }
      | { kind: 'env-file'; why: string };
    source: string;
  };

  /** The host's own CLI, run against a temporary config, when it is installed. */
  liveProbe: {
    command: string;
    /** `{name}` is the server name. */
    args: readonly string[];
    /** Which snippet (by its `path`) is written where: `{home}` and `{cwd}` are temporary folders. */
    files: readonly { snippetPath: string; writeTo: string }[];
    /** Extra environment for the CLI, with the same placeholders. */
    env: Readonly<Record<string, string>>;
    /** Regular expressions over the CLI's output; `{name}` is the server name. */
    passWhen: string;
    failWhen?: string;
    /** What a pass proves. */
    proves: string;
    source: string;
  };
}

const NAME_PATTERN = '^[a-zA-Z0-9_-]+$';

const MCP_SPEC_ANNOTATIONS =
  'MCP 2025-06-18 schema, ToolAnnotations (readOnlyHint default false, destructiveHint default true, openWorldHint default true)';

export const CODEX: HostProfile = {
  target: 'codex',
  host: 'OpenAI Codex CLI',
  profileVersion: 'codex-cli 0.169',
  handshake: {
    protocolVersion: '2025-06-18',
    acceptedVersions: ['2025-06-18', '2025-03-26', '2024-11-05'],
    startupTimeoutMs: 10_000,
    startupCovers: 'initialize+tools/list',
    source:
      'settld DESIGN.md §5 (Codex sends 2025-06-18; 0.169 waited 30 s in practice); codex-rs/core/src/mcp_connection_manager.rs DEFAULT_STARTUP_TIMEOUT = 10 s "for initializing MCP server & initially listing tools"; config key startup_timeout_sec (https://github.com/openai/codex/blob/main/docs/config.md)',
  },
  toolNames: {
    prefix: 'mcp__{server}__',
    pattern: NAME_PATTERN,
    maxLength: 64,
    overLength: {
      verdict: 'warn',
      effect: 'Codex shortens it to 64 characters with a SHA-1 suffix, so the model sees a mangled name',
    },
    badCharacters: {
      verdict: 'warn',
      effect: 'Codex replaces the characters outside [a-zA-Z0-9_-], so the model sees another name',
    },
    source:
      'codex-rs/core/src/mcp_connection_manager.rs (MCP_TOOL_NAME_DELIMITER "__", MAX_TOOL_NAME_LENGTH 64, sha1 suffix when longer; sanitize_responses_api_tool_name)',
  },
  inputSchema: {
    rootCombinator: {
      verdict: 'fail',
      effect:
        "the Responses API rejects the request (invalid_function_parameters: \"schema must have type 'object' and not have 'oneOf'/'anyOf'/'allOf'/'enum'/'not' at the top level\"), so no tool of the session works",
    },
    nestedCombinator: {
      verdict: 'warn',
      effect:
        'Codex simplifies nested anyOf/oneOf/allOf/$ref, and the model may see those parameters as plain strings',
    },
    injectedProperties: [],
    source:
      'https://github.com/Dicklesworthstone/flywheel_connectors/issues/49 (Codex import error on a top-level anyOf); https://github.com/openai/codex/issues/13768 and https://github.com/openai/codex/issues/3152 (nested anyOf/$ref sanitised to string)',
  },
  annotations: {
    rules: [
      { when: { destructiveHint: true }, outcome: 'needs-approval' },
      { when: { readOnlyHint: true }, outcome: 'runs' },
      { when: { destructiveHint: false, openWorldHint: false }, outcome: 'runs' },
    ],
    considers: ['readOnlyHint', 'destructiveHint', 'openWorldHint'],
    missingHint: {
      verdict: 'fail',
      effect:
        'Codex applies the MCP defaults (destructive, open-world), asks for approval, and refuses the call in unattended runs (approval_policy = "never")',
    },
    source: `settld DESIGN.md §3.1/§5 (Codex 0.169 unattended); https://github.com/openai/codex/pull/15519 (missing annotations default to readOnly=false, destructive=true, openWorld=true); https://github.com/openai/codex/pull/12353 (explicitly destructive always asks; otherwise asks for non-read-only open-world tools); ${MCP_SPEC_ANNOTATIONS}`,
  },
  output: {
    unit: 'characters',
    limit: 120_000,
    view: 'structured-first',
    effect: 'Codex cuts the result, and the model sees only part of it',
    source:
      'settld DESIGN.md §5 (Codex cuts at 120k characters; Claude Code and Codex show structuredContent); see also https://github.com/openai/codex/issues/6544 (earlier 10 KiB/256-line cap)',
  },
  toolTimeoutMs: 60_000,
  config: {
    format: 'toml',
    path: '~/.codex/config.toml',
    secrets: { kind: 'forward-names', key: 'env_vars' },
    source:
      'https://github.com/openai/codex/pull/5246 (env_vars: names forwarded from the parent environment); Codex clears the environment of a stdio server except a default list (HOME, LOGNAME, PATH, SHELL, USER, LANG, LC_ALL, TERM, TMPDIR, TZ) plus env and env_vars (codex-rs/rmcp-client/src/utils.rs)',
  },
  liveProbe: {
    command: 'codex',
    args: ['mcp', 'get', '{name}', '--json'],
    files: [{ snippetPath: '~/.codex/config.toml', writeTo: '{home}/.codex/config.toml' }],
    env: { HOME: '{home}', CODEX_HOME: '{home}/.codex' },
    passWhen: '"command"',
    proves: 'Codex reads the generated config.toml and finds the server, without connecting to it',
    source: 'codex mcp get <name> --json (https://github.com/openai/codex/blob/main/docs/config.md)',
  },
};

export const CLAUDE: HostProfile = {
  target: 'claude',
  host: 'Claude Code',
  profileVersion: 'claude-code 2.1',
  handshake: {
    protocolVersion: '2025-11-25',
    acceptedVersions: ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05', '2024-10-07'],
    startupTimeoutMs: 30_000,
    startupCovers: 'initialize',
    discoveryProbe: { method: 'server/discover', protocolVersion: '2026-07-28' },
    source:
      'settld DESIGN.md §5 (2025-11-25 after probing 2026-07-28); https://github.com/cl-ai-project/cl-mcp/issues/26 (initialize with protocolVersion 2025-11-25, v2.0.73); https://github.com/anthropics/claude-code/issues/30147 ("Starting connection with timeout of 30000ms", MCP_TIMEOUT); https://github.com/anthropics/claude-code/issues/91099 (server/discover probe); accepted versions: @modelcontextprotocol/sdk SUPPORTED_PROTOCOL_VERSIONS',
  },
  toolNames: {
    prefix: 'mcp__{server}__',
    pattern: NAME_PATTERN,
    maxLength: 64,
    overLength: {
      verdict: 'fail',
      effect: 'the Anthropic API rejects tool names longer than 64 characters, and the call fails',
    },
    badCharacters: {
      verdict: 'fail',
      effect: 'the Anthropic API accepts only [a-zA-Z0-9_-] in tool names',
    },
    source:
      'settld DESIGN.md §3.1 (hosts add mcp__settld__; Anthropic limit 64 for the whole name); Claude Code names MCP tools mcp__<server>__<tool> (https://code.claude.com/docs/en/mcp)',
  },
  inputSchema: {
    rootCombinator: {
      verdict: 'fail',
      effect:
        'the Anthropic API answers 400 "input_schema does not support oneOf, allOf, or anyOf at the top level" for every request of the session',
    },
    injectedProperties: [],
    source:
      'https://github.com/anthropics/claude-code/issues/710, https://github.com/anthropics/claude-code/issues/5973, https://github.com/perplexityai/modelcontextprotocol/issues/57 (Claude Code ≥ 2.0.21)',
  },
  annotations: {
    rules: [{ when: { readOnlyHint: true }, outcome: 'runs' }],
    considers: ['readOnlyHint'],
    missingHint: {
      verdict: 'warn',
      effect:
        'plan mode asks before every call and Claude Code runs the tool serially, because without readOnlyHint it cannot tell a read from a write',
    },
    source:
      'https://code.claude.com/docs/en/changelog#2-1-198 (plan mode auto-allows read-only tool calls); https://github.com/anthropics/claude-code/issues/14353 (readOnlyHint decides parallel calls); https://github.com/slynch8/10x/issues/3905',
  },
  output: {
    unit: 'tokens',
    limit: 25_000,
    warnAt: 10_000,
    view: 'structured-first',
    effect:
      'Claude Code refuses the result ("MCP tool response exceeds maximum allowed tokens (25000)") unless MAX_MCP_OUTPUT_TOKENS is raised',
    source:
      'https://docs.anthropic.com/en/docs/claude-code/settings (MAX_MCP_OUTPUT_TOKENS, default 25000); https://github.com/fosdickio/binary_ninja_mcp/issues/16 (the error); https://github.com/caiowilson/MCP-memento/issues/21 (warning above ~10k tokens); counted here with gpt-tokenizer o200k_base, close to but not Claude’s tokenizer',
  },
  toolTimeoutMs: 60_000,
  config: {
    format: 'json',
    path: '.mcp.json',
    secrets: { kind: 'expand', syntax: '${NAME}' },
    source:
      'https://code.claude.com/docs/en/mcp#environment-variable-expansion-in-mcp-json (${VAR} and ${VAR:-default} in command, args, env, url, headers of .mcp.json); claude mcp add --scope project writes .mcp.json',
  },
  liveProbe: {
    command: 'claude',
    args: ['mcp', 'list'],
    files: [{ snippetPath: '.mcp.json', writeTo: '{cwd}/.mcp.json' }],
    env: { HOME: '{home}', CLAUDE_CONFIG_DIR: '{home}/.claude' },
    passWhen: '^{name}:.*(Connected|✓)',
    failWhen: '^{name}:.*(Failed|✗)',
    proves: 'Claude Code starts the server from the generated .mcp.json and health-checks it',
    source:
      'settld DESIGN.md §5 ("claude mcp list connects and health-checks a stdio server without any API key"); https://code.claude.com/docs/en/mcp',
  },
};

export const OPENHANDS: HostProfile = {
  target: 'openhands',
  host: 'OpenHands CLI',
  profileVersion: 'openhands-sdk 1.50 (fastmcp 3.2, mcp python SDK ≥ 1.23)',
  handshake: {
    protocolVersion: '2025-11-25',
    acceptedVersions: ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'],
    startupTimeoutMs: 30_000,
    startupCovers: 'initialize+tools/list',
    source:
      'openhands-sdk/openhands/sdk/mcp/utils.py create_mcp_tools(timeout=30.0) around connect + list_tools (https://github.com/OpenHands/software-agent-sdk); the mcp python SDK sends LATEST_PROTOCOL_VERSION = 2025-11-25 since https://github.com/modelcontextprotocol/python-sdk/pull/1715',
  },
  toolNames: {
    prefix: '',
    pattern: NAME_PATTERN,
    maxLength: 64,
    overLength: {
      verdict: 'fail',
      effect:
        'OpenHands passes the bare MCP tool name as the function name, and the LLM APIs reject names longer than 64 characters',
    },
    badCharacters: {
      verdict: 'fail',
      effect: 'OpenHands passes the name unchanged and the LLM APIs accept only [a-zA-Z0-9_-]',
    },
    source:
      'openhands-sdk/openhands/sdk/mcp/tool.py (MCPToolDefinition.name is the MCP tool name, no prefix); OpenAI and Anthropic function names: ^[a-zA-Z0-9_-]{1,64}$',
  },
  inputSchema: {
    rootCombinator: {
      verdict: 'warn',
      effect:
        'OpenHands builds the tool from the root properties only and drops the combinator, so its constraint is not shown to the model',
      branchOnlyProperties: {
        verdict: 'fail',
        effect:
          'OpenHands keeps only the root properties, so the parameters declared inside the combinator can not be passed at all',
      },
    },
    injectedProperties: [
      {
        name: 'summary',
        addedTo: 'all',
        ownedVerdict: 'warn',
        effect:
          'OpenHands adds its own optional `summary` argument to every tool and its agent loop takes `summary` out of the arguments for display, so the tool may not receive its own',
      },
      {
        name: 'security_risk',
        addedTo: 'not-read-only',
        ownedVerdict: 'fail',
        effect:
          'OpenHands replaces `security_risk` with its own LOW/MEDIUM/HIGH field and removes it from the arguments before calling, so the tool never receives its own',
      },
    ],
    undeclaredArguments: {
      verdict: 'warn',
      effect:
        'OpenHands validates arguments against a model of the root properties that forbids extra keys, so free-form arguments are rejected',
    },
    source:
      'openhands-sdk/openhands/sdk/tool/schema.py (Schema.from_mcp_schema: root type must be object, only root properties, extra="forbid"); openhands-sdk/openhands/sdk/tool/tool.py (_create_action_type_with_summary, create_action_type_with_risk only when readOnlyHint is not true); agent.py (_extract_summary, _extract_security_risk pop them before the call, so additionalProperties: false does not clash)',
  },
  annotations: {
    rules: [{ when: { readOnlyHint: true }, outcome: 'runs' }],
    considers: ['readOnlyHint'],
    missingHint: {
      verdict: 'warn',
      effect:
        'OpenHands makes the model rate the security risk of every call, and with a security analyzer a HIGH rating pauses for confirmation',
    },
    source:
      'openhands-sdk/openhands/sdk/tool/tool.py (security_risk added unless readOnlyHint is true); openhands-sdk/openhands/sdk/agent/agent.py (_extract_security_risk)',
  },
  output: {
    unit: 'characters',
    limit: 50_000,
    view: 'content',
    effect: 'OpenHands clips the observation ("<response clipped>"), and the model sees only part of it',
    source:
      'openhands-sdk/openhands/sdk/utils/truncate.py DEFAULT_TEXT_CONTENT_LIMIT = 50_000 applied to tool text (llm/message.py _maybe_truncate_tool_text); MCPToolObservation is built from the content blocks',
  },
  toolTimeoutMs: 300_000,
  config: {
    format: 'json',
    path: '~/.openhands/mcp.json',
    secrets: {
      kind: 'env-file',
      why: 'OpenHands starts stdio servers with only HOME, LOGNAME, PATH, SHELL, TERM, USER and the literal env map, and does not expand ${VAR}',
    },
    source:
      'https://docs.openhands.dev/openhands/usage/cli/mcp-servers (~/.openhands/mcp.json, mcpServers format, since 1.0.0); openhands_cli/mcp/mcp_utils.py (fastmcp MCPConfig.from_file, no expansion); mcp python SDK stdio_client env = get_default_environment() + server.env; https://github.com/OpenHands/OpenHands/issues/14320 (${VAR} arrives literally)',
  },
  liveProbe: {
    command: 'openhands',
    args: ['mcp', 'list'],
    files: [{ snippetPath: '~/.openhands/mcp.json', writeTo: '{home}/.openhands/mcp.json' }],
    env: { HOME: '{home}' },
    passWhen: '{name}',
    failWhen: 'Invalid MCP configuration',
    proves: 'OpenHands loads the generated mcp.json and lists the server, without connecting to it',
    source: 'openhands mcp list (https://docs.openhands.dev/openhands/usage/cli/mcp-servers)',
  },
};

/** Every host the matrix and the config snippets know, by target. */
export const HOST_PROFILES: Readonly<Record<string, HostProfile>> = {
  [CODEX.target]: CODEX,
  [CLAUDE.target]: CLAUDE,
  [OPENHANDS.target]: OPENHANDS,
};

export const TARGETS: readonly string[] = Object.keys(HOST_PROFILES);

export function findHostProfile(target: string): HostProfile | undefined {
  return Object.hasOwn(HOST_PROFILES, target) ? HOST_PROFILES[target] : undefined;
}
