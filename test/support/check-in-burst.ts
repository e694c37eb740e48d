/**
 * The durability check of the kill tests: writers sending check-ins back to back to one server
 * until it dies under them, and every check-in of a goal read back, page by page.
 */

/** One JSON call with a bearer credential; the status and the parsed body. */
export async function callJson(baseURL: string, key: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${baseURL}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, body: (text ? JSON.parse(text) : undefined) as any };
}

export interface Burst {
  /** Ids of the check-ins the server answered 201 for. */
  acknowledged: string[];
  /** Writes sent, answered or not. */
  sent: number;
  /** Writes the kill cut off: no answer, or not a 201. */
  unanswered: number;
}

/** `writers` loops of check-ins to `baseURL`; `kill` runs after `killAfterMs`, and each writer stops at its first unanswered write. */
export async function checkInsUntilKilled(options: {
  baseURL: string;
  key: string;
  goalId: string;
  writers: number;
  killAfterMs: number;
  kill: () => void;
}): Promise<Burst> {
  const burst: Burst = { acknowledged: [], sent: 0, unanswered: 0 };
  const writer = async (worker: number) => {
    for (let round = 0; ; round++) {
      burst.sent++;
      try {
        const { status, body } = await callJson(options.baseURL, options.key, 'POST', `/v1/goals/${options.goalId}/check-ins`, {
          note: `worker ${worker} round ${round}`,
          confidence: 3,
        });
        if (status !== 201) throw new Error(`status ${status}`);
        burst.acknowledged.push(body.checkIn.id);
      } catch {
        burst.unanswered++;
        return;
      }
    }
  };
  const writers = Array.from({ length: options.writers }, (_, worker) => writer(worker));
  await new Promise((resolve) => setTimeout(resolve, options.killAfterMs));
  options.kill();
  await Promise.all(writers);
  return burst;
}

/** Every check-in of a goal, through the API's pages. */
export async function allCheckIns(baseURL: string, key: string, goalId: string): Promise<Array<{ id: string; note?: string }>> {
  const found: Array<{ id: string; note?: string }> = [];
  let cursor: string | undefined;
  do {
    const page = await callJson(baseURL, key, 'GET', `/v1/goals/${goalId}/check-ins?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    if (page.status !== 200) throw new Error(`listing check-ins answered ${page.status}: ${page.text}`);
    found.push(...page.body.checkIns);
    cursor = page.body.nextCursor ?? undefined;
  } while (cursor);
  return found;
}
