import type { CoachAnswer, CoachTarget, Rating } from '../api.ts';
import type { CoachHost } from './host.ts';

export interface AnswerDetail {
  target: CoachTarget;
  engine: string;
  flagged: boolean;
}

/** The events that stream one piece of an answer: steps, agenda items, reframes. */
const pieceEvent = /^(?:step|item|reframe)$/;

/**
 * One kind of question to the coach and its latest answer: its pieces (steps, items,
 * reframes) as they arrive, each already validated and screened by the server, then the
 * whole answer, which has the last word (a refused model answer is replaced by the offline
 * one, a safety answer has no pieces), the reader's thumbs on it, and the error if it
 * failed. Any other event is ignored: a model's raw words are never shown. The form's own
 * fields keep what the person typed whatever happens here.
 */
export class Ask<A extends CoachAnswer, Part> {
  loading = false;
  parts: Part[] = [];
  answer?: A;
  rating?: Rating;
  error = '';
  private pending?: AbortController;

  constructor(
    private readonly host: CoachHost,
    readonly target: CoachTarget,
    /** What the live region says when an answer arrives. */
    private readonly summary: (answer: A) => string,
  ) {}

  /** Stops the request in flight, when the element leaves the page or changes mode. */
  abort(): void {
    this.pending?.abort();
  }

  async run(body: object): Promise<void> {
    this.pending?.abort();
    const controller = (this.pending = new AbortController());
    Object.assign(this, { loading: true, parts: [], answer: undefined, rating: undefined, error: '' });
    this.host.requestUpdate();
    try {
      const answer = await this.host.calls.coach<A>(
        this.target,
        body,
        (event, data) => {
          if (controller !== this.pending || !pieceEvent.test(event)) return;
          this.parts.push(data as Part);
          this.host.requestUpdate();
        },
        controller.signal,
      );
      this.answer = answer;
      const { flagged, category } = answer.safety;
      this.host.emit('mc-answer', { target: this.target, engine: answer.engine, flagged } satisfies AnswerDetail);
      // A flagged answer is a role="alert" of its own: announcing it twice would only repeat it.
      if (flagged) this.host.emit('mc-safety-flag', { target: this.target, category });
      else this.host.announce(this.summary(answer));
    } catch (error) {
      this.error = this.host.describe(error, controller.signal) ?? '';
    } finally {
      if (controller === this.pending) {
        this.pending = undefined;
        this.loading = false;
        this.host.requestUpdate();
      }
    }
  }

  async rate(rating: Rating): Promise<void> {
    const answer = this.answer;
    if (!answer) return;
    const previous = this.rating;
    this.rating = rating;
    this.host.requestUpdate();
    try {
      await this.host.calls.feedback({ target: this.target, rating, engine: answer.engine, promptVersion: answer.promptVersion });
      this.host.emit('mc-feedback', { target: this.target, rating, engine: answer.engine });
      this.host.announce(this.host.text.thanks);
    } catch (error) {
      if (this.answer === answer) this.rating = previous;
      this.error = this.host.describe(error) ?? '';
    }
    this.host.requestUpdate();
  }
}
