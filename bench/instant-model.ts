import { type OpenAICompatibleServer, passageIds, startOpenAICompatibleServer } from '../test/support/openai-compatible-server.ts';

/**
 * A model on loopback that answers at once with a valid answer citing its passages, so a
 * benchmark against it measures what the engine itself adds: prompt, validation, fallback checks.
 */
export async function startInstantModel(): Promise<OpenAICompatibleServer> {
  const server = await startOpenAICompatibleServer();
  server.defaultChat = (body) => {
    const [first = ''] = passageIds(body);
    const citations = first ? [{ id: first, title: 'passage' }] : [];
    if (body.response_format?.json_schema?.name === 'reframe') {
      return {
        content: JSON.stringify({
          reframes: [{ text: 'One hard moment is not the whole story.', question: 'What else is true here?', citations }],
          message: 'That sounds hard.',
        }),
      };
    }
    return {
      content: JSON.stringify({
        steps: [
          'Write down the one task that would move your goal most this week.',
          'Book thirty minutes for it in your calendar.',
          'Tell your mentor what you booked and when.',
        ].map((text) => ({ text, why: 'It keeps the goal moving.', kind: 'progress', citations })),
      }),
    };
  };
  return server;
}
