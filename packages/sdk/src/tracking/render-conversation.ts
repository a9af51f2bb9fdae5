/**
 * A conversation as plain text for the stored prompt. A lone user message is stored as its bare
 * text (what the app wrote); anything else as `[role]` blocks in order.
 */
export function renderConversation(messages: ReadonlyArray<{ role: string; text: string }>): string {
  const [first] = messages
  if (messages.length === 1 && first?.role === 'user') return first.text
  return messages.map((m) => `[${m.role}]\n${m.text}`).join('\n\n')
}
