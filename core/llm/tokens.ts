export type TokenEncoding = 'o200k_base' | 'cl100k_base';

export interface ChatMessage {
  role: 'system' | 'developer' | 'user' | 'assistant';
  content: string;
}

type CountTokens = (text: string) => number;

/**
 * Special-token text such as "<|endoftext|>" in a prompt is counted as plain text (the library
 * would otherwise throw on it); that can only count more tokens than the provider does.
 */
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/** Each encoding's ranks take ~100-200 ms and megabytes to load: only on the first call that needs them. */
const LOADERS: Record<TokenEncoding, () => Promise<CountTokens>> = {
  o200k_base: async () => {
    const { countTokens } = await import('gpt-tokenizer/encoding/o200k_base');
    return (text) => countTokens(text, PLAIN_TEXT);
  },
  cl100k_base: async () => {
    const { countTokens } = await import('gpt-tokenizer/encoding/cl100k_base');
    return (text) => countTokens(text, PLAIN_TEXT);
  },
};

const counters = new Map<TokenEncoding, Promise<CountTokens>>();

function counterFor(encoding: TokenEncoding): Promise<CountTokens> {
  let counter = counters.get(encoding);
  if (!counter) {
    counter = LOADERS[encoding]();
    counters.set(encoding, counter);
  }
  return counter;
}

/**
 * OpenAI's chat framing, per its cookbook ("How to count tokens with tiktoken", gpt-4o/gpt-4
 * family): 3 tokens per message around role and content, and 3 that prime the reply.
 */
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_REPLY = 3;

/** Prompt tokens of a chat as the provider bills them, so the reservation covers the real input. */
export async function countChatTokens(
  messages: readonly ChatMessage[],
  encoding: TokenEncoding,
): Promise<number> {
  const count = await counterFor(encoding);
  let tokens = TOKENS_PER_REPLY;
  for (const message of messages) {
    tokens += TOKENS_PER_MESSAGE + count(message.role) + count(message.content);
  }
  return tokens;
}
