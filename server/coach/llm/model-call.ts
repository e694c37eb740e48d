import OpenAI from 'openai';
import { z } from 'zod';
import { JsonPieces } from './json-pieces.ts';

export interface ModelCallOptions {
  client: OpenAI;
  model: string;
  /** Per attempt, connect to last byte (ms). */
  timeoutMs: number;
  /** For everything, retries included (ms). */
  budgetMs: number;
  /** Retries on 429, 5xx and lost connections, by the client (2 unless said). */
  maxRetries?: number;
}

/** Why a model answer could not be used; becomes the answer's `fallbackReason`. */
export class ModelFailure extends Error {
  override name = 'ModelFailure';
  constructor(
    readonly reason: string,
    detail: string,
  ) {
    super(detail);
  }
}

function reasonOf(error: unknown): ModelFailure {
  if (error instanceof ModelFailure) return error;
  // A stream cut mid-way surfaces as a connection or parse error from the client.
  if ((error as Error)?.message?.includes('terminated') || (error as { cause?: Error })?.cause?.message?.includes('terminated')) {
    return new ModelFailure('stream_interrupted', "the model's stream was cut off");
  }
  if (error instanceof OpenAI.APIConnectionTimeoutError || (error as Error)?.name === 'AbortError' || (error as Error)?.name === 'TimeoutError') {
    return new ModelFailure('timeout', 'the model did not answer in time');
  }
  // The answer's time budget ran out between the client's own retries: the client reports
  // the abort of our signal as a user abort.
  if (error instanceof OpenAI.APIUserAbortError) return new ModelFailure('timeout', 'the model did not answer within the time budget');
  if (error instanceof OpenAI.RateLimitError) return new ModelFailure('rate_limited', 'the model server kept answering 429');
  if (error instanceof OpenAI.APIError && (error.status ?? 0) >= 500) return new ModelFailure('server_error', `the model server answered ${error.status}`);
  if (error instanceof OpenAI.APIConnectionError) return new ModelFailure('unreachable', 'the model server could not be reached');
  return new ModelFailure('model_error', error instanceof Error ? error.message : String(error));
}

/** The elements of one array of the answer, handed on (unchecked) as each one is complete. */
export interface StreamedElements {
  key: string;
  emit: (element: unknown) => void;
}

/**
 * Asks the model for JSON that a zod schema accepts: structured output through a JSON schema
 * (servers that ignore it still answer JSON, which is then checked), one repair attempt with
 * the problems spelled out, retries with backoff on 429/5xx by the client, all within a time
 * budget. Throws a ModelFailure naming the reason.
 */
export async function askForJson<T>(
  options: ModelCallOptions,
  prompt: string,
  schema: z.ZodType<T>,
  name: string,
  check?: (value: T) => string | undefined,
  onElement?: StreamedElements,
): Promise<T> {
  const { client, model } = options;
  const signal = AbortSignal.timeout(options.budgetMs);
  const jsonSchema = z.toJSONSchema(schema, { target: 'draft-7', unrepresentable: 'any' }) as Record<string, unknown>;
  delete jsonSchema.$schema;
  const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: prompt }];
  let lastProblem = '';
  // Servers without structured output (some local ones) refuse json_schema: then JSON mode,
  // with the schema in the prompt, and zod checks the answer just the same.
  let format: OpenAI.ChatCompletionCreateParams['response_format'] = { type: 'json_schema', json_schema: { name, schema: jsonSchema, strict: false } };
  for (let attempt = 0; attempt < 2; attempt++) {
    let content = '';
    const request = { model, messages, temperature: 0.3, response_format: format };
    try {
      // The first attempt streams when someone is listening, so each finished piece can reach
      // the reader as it comes; a repair is asked for in one piece.
      if (onElement && attempt === 0) {
        const pieces = new JsonPieces(onElement.key);
        const stream = await client.chat.completions.create(
          { ...request, stream: true },
          { signal, timeout: options.timeoutMs, maxRetries: options.maxRetries ?? 2 },
        );
        let finished = false;
        for await (const chunk of stream) {
          const choice = chunk.choices[0];
          const delta = choice?.delta?.content ?? '';
          if (delta) {
            content += delta;
            for (const element of pieces.push(delta)) {
              try {
                onElement.emit(JSON.parse(element));
              } catch {
                // Not JSON after all: the answer as a whole will fail its check and be repaired.
              }
            }
          }
          if (choice?.finish_reason) finished = true;
        }
        if (!finished) throw new ModelFailure('stream_interrupted', "the model's stream ended before its answer did");
      } else {
        const completion = await client.chat.completions.create(request, { signal, timeout: options.timeoutMs, maxRetries: options.maxRetries ?? 2 });
        content = completion.choices[0]?.message?.content ?? '';
      }
    } catch (error) {
      if (error instanceof OpenAI.BadRequestError && format.type === 'json_schema' && /response_format|json_schema|structured/i.test(error.message)) {
        format = { type: 'json_object' };
        messages[0] = { role: 'user', content: `${prompt}\n\nThe JSON schema of the answer:\n${JSON.stringify(jsonSchema)}` };
        attempt--;
        continue;
      }
      throw reasonOf(error);
    }
    const problem = problemsOf(content, schema, check);
    if (problem.value !== undefined) return problem.value;
    lastProblem = problem.message;
    messages.push(
      { role: 'assistant', content },
      { role: 'user', content: `That answer cannot be used: ${problem.message}. Answer again with JSON only, matching the schema.` },
    );
  }
  throw new ModelFailure('invalid_output', lastProblem);
}

function problemsOf<T>(content: string, schema: z.ZodType<T>, check?: (value: T) => string | undefined): { value?: T; message: string } {
  let data: unknown;
  try {
    data = JSON.parse(withoutFence(content));
  } catch {
    return { message: 'it is not valid JSON' };
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    return {
      message: parsed.error.issues
        .slice(0, 5)
        .map((issue) => `${issue.path.join('.') || 'answer'}: ${issue.message}`)
        .join('; '),
    };
  }
  const extra = check?.(parsed.data);
  return extra ? { message: extra } : { value: parsed.data, message: '' };
}

/** The JSON inside a Markdown code fence, which some models wrap their answer in. */
function withoutFence(content: string): string {
  const text = content.trim();
  if (!text.startsWith('```')) return text;
  const body = text.slice(3).replace(/^json/i, '');
  return (body.endsWith('```') ? body.slice(0, -3) : body).trim();
}
