import type { ChatMessage } from './tokens.js';

export interface LlmChatRequest {
  model: string;
  messages: readonly ChatMessage[];
  maxCompletionTokens: number;
}

export interface LlmUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

export interface LlmChatResponse {
  text: string;
  /** null when an OpenAI-compatible server answered without usage: the call is then charged its reservation. */
  usage: LlmUsage | null;
  /** The provider's `x-request-id`, for support tickets; null when it sent none. */
  requestId: string | null;
  /** The model that answered, as the provider names it (often a dated snapshot). */
  model: string;
}

/**
 * A chat-completions provider. Failures are SettldErrors: LLM_PROVIDER_UNCONFIGURED (503),
 * LLM_PROVIDER_ERROR (502, with `providerStatus`) and LLM_CALL_ABORTED when `signal` fired.
 * Implementations: OpenAiProvider (any OpenAI-compatible endpoint); tests add fakes behind a URL.
 */
export interface LlmProvider {
  /** Throws LLM_PROVIDER_UNCONFIGURED when no call could be made, so nothing is reserved for it. */
  assertReady(): void;
  /** The longest a call can take, retries included: a reservation older than that was abandoned. */
  maxCallDurationMs(): number;
  chat(request: LlmChatRequest, signal?: AbortSignal): Promise<LlmChatResponse>;
}
