/** The message shapes the prompts return: an instruction, then the resources it refers to. */
import type { PromptMessage, TextResourceContents } from '@modelcontextprotocol/server';

/** A user message with the instruction. */
export function instruction(text: string): PromptMessage {
  return { role: 'user', content: { type: 'text', text } };
}

/** A user message embedding one resource, so the assistant has it without another round trip. */
export function embedded(resource: TextResourceContents): PromptMessage {
  return { role: 'user', content: { type: 'resource', resource } };
}
