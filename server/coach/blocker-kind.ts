import type { BlockerKind } from '../corpus/material.ts';

/**
 * What kind of thing a blocker is, as far as choosing a way round it goes (the kinds of the
 * corpus's "Stuck on a Goal? Work Out What Kind of Stuck It Is First"):
 * - `health`: an injury, an illness, pain ("knee still sore after stairs"): the way round is the
 *   advice of whoever treats them, never a layperson's idea to try; no other kind is read with it;
 * - `advised`: a health limit on which whoever treats it has already spoken ("physio says flat
 *   ground only"): the way round is to plan inside that advice, not to ask for it again;
 * - `choice`: a choice not made yet ("can't decide between the two courses", "idk where to start"
 *   on a goal to decide something): the way round is finding out about each option, not a lesson;
 * - `skill`: a part of the work they do not know how to do yet ("the R stuff makes no sense");
 * - `feeling`: nerves, fear, embarrassment ("I freeze when clients ask about price");
 * - `person`: someone else is in the way ("my manager keeps giving me admin");
 * - `money`: what it costs ("no money for the mastering", "my allowance is small"): the way round
 *   is a free or cheaper route to the same thing; read only when no skill gap or feeling is;
 * - `contacts`: nobody to ask in the field ("dont know anyone in the industry"): the way round is
 *   one introduction through someone they know;
 * - `waiting`: an office, a form or a signature holds it up ("the transcript takes 10 business
 *   days"): the way round is asking in writing for a date and for something to stand in meanwhile;
 * - `circumstance`: the time, the place or the tools around the work ("evenings are taken by
 *   family", "my laptop is broken"); not money or a missing document, which no change of when,
 *   where or how gets round;
 * - `avoidance`: the work is put off, not stuck ("I keep reading papers instead of writing").
 * A blocker may be of several kinds, or of none the words show; then only a way round any
 * blocker answers it. A skill gap or a feeling is the work itself: a change of hour does not teach
 * a skill or calm a fear, so with either, the blocker is not read as circumstance or avoidance.
 * The words are the ordinary vocabulary of each kind, not phrases from any example. (Each pattern
 * is one alternation of words inside \b: linear in the text.)
 */
// (Not "hospital" or "doctor": for a nurse or a medical student they are where the work is.
// Sickness in the first person only: "the kids have been sick" is the circumstance around the work.)
const HEALTH =
  /\b(knees?|ankles?|wrists?|shoulders?|back pain|hips?|injur\w*|sprain\w*|fractur\w*|surgery|physio\w*|pain(ful)?|sore|(i'?m|i am|i was|i'?ve been|i have been|i got|i feel|i felt|i fell|feeling) (sick|ill)|illness|flu|covid|migraines?|asthma|diabet\w*|pregnan\w*|chemo\w*|medication)\b/i;
/** Whoever treats it has already said what is safe. */
const ADVISED =
  /\b(physio\w*|doctors?|dr|gp|nurses?|consultant|surgeon|specialist|pt|therapist)( has| had)? (says?|said|told|advised|recommends?|recommended|cleared|wants|allows|allowed)\b|\b(was|been|got|am|i'?m) (told|advised|cleared)\b/i;
// (In the first person: "my manager hasn't decided" is that person.)
const CHOICE =
  /\b(i (can'?t|cannot|can not|couldn'?t) (decide|choose)|(not sure|unsure|don'?t know|dont know|do not know|idk) (which|whether|what i want)|torn between|(choose|choosing|pick|picking) between|between two|which (one|path|way|course|job|field|offer|subject) to)\b/i;
/** Not knowing where to begin, which on a goal to decide something is a choice not made yet. */
const UNSURE = /\b(idk|dunno|no clue|no idea|(don'?t|dont|do not) know|not sure|where to (even )?start|lost)\b/i;
const DECIDING = /\b(decide|choose|pick|figure out what|work out what)\b/i;
// ("Cost" and "pay" alone, not "costing" or "payroll": the skill of pricing is a skill.)
const MONEY =
  /\b(money|afford\w*|expensive|costs?|fees?|pay(ing)? for|paid for|allowance|budget|broke|savings|loan|debts?|rent|bills|cash|funding|overdraft|salary is)\b/i;
const CONTACTS =
  /\b((don'?t|dont|do not|doesn'?t) know (anyone|anybody|any one|a single person)|know (no one|nobody)|no (contacts|connections|network|referrals)|nobody in (the|this|my) (industry|field|sector))\b/i;
// ("The nurses waiting for me" is someone waiting on them.)
const WAITING =
  /\b(waiting (for|on) (the|my|a|an|his|her|their|them|him|it|approval)|signatures?|sign(ed)?[ -]off|approval|paperwork|transcripts?|certificates?|diploma|visa|permit|(business|working) days|office is closed|not in (the )?office|registrar|embassy)\b/i;
const SKILL =
  /\b(understand\w*|confus\w*|(don'?t|dont|do not) know (how|what|where|why|which)|not sure (how|what|where|why|which)|know how|no idea|makes? no sense|struggl\w*|get(ting)? lost|difficult|mistakes?|errors?|(too|still) (slow|weak)|new to me|not (so |very )?good (at|yet|enough))\b/i;
// (Freezing only as a person does, in its own pattern: "my laptop freezes" is the tools.)
const FROZE = /\bi (freeze|froze|just freeze|just froze)\b|\bfreeze up\b/i;
const FEELING =
  /\b(scared|afraid|terrified|fear\w*|worr(y|ied|ying)|nervous|anxious|panic\w*|blank|mind (goes|went|becomes?|is|was|turns?) (white|empty)|embarrass\w*|shy|guilt\w*|temper|angry|cringe|awkward|weird|laugh\w*)\b/i;
const PERSON =
  /\b(manager|boss|supervisor|team ?lead(er)?|tl|teacher|tutor|lecturer|professor|pi|parents?|mum|mom|mother|dad|father|(mother|father|sister|brother)-in-law|in-laws|husband|wife|partner|boyfriend|girlfriend|colleagues?|co-?workers?|teammates?|director|reviewers?|recruiters?|clients?|customers?|chair|committee|(my|our|the) lead)\b/i;
const CIRCUMSTANCE =
  /\b((no|enough|free|spare|little|any) time|time for|evenings?|mornings?|weekends?|nights?|shifts?|schedule|rota|busy|tired|exhausted|sleep|asleep|commute|travel|kids|children|family|baby|childcare|laptop|computer|pc|internet|wifi|wi-fi|broken|crash(es|ed)?|freez(es|ing)|noisy|noise|loud|space|room|desk|transport|bus|train)\b/i;
const AVOIDANCE =
  /\b(procrastinat\w*|put(ting)? (it )?off|postpon\w*|avoid\w*|distract\w*|scroll\w*|instead of|boring|motivation|lazy|(can't|cant) make myself|keep not)\b/i;

/** `goal`: the goal's title, which tells a choice ("Decide what to study") from a skill gap when the blocker only says they are unsure. */
export function blockerKinds(blocker: string, goal = ''): BlockerKind[] {
  if (HEALTH.test(blocker)) return [ADVISED.test(blocker) ? 'advised' : 'health'];
  // Not knowing which way to go is not a skill to be taught: the choice stands alone.
  if (CHOICE.test(blocker) || (DECIDING.test(goal) && UNSURE.test(blocker))) return ['choice'];
  // Nobody to ask, or someone else's queue: no lesson or change of hour gets round either.
  if (CONTACTS.test(blocker)) return ['contacts'];
  if (WAITING.test(blocker)) return ['waiting'];
  const kinds: BlockerKind[] = [];
  if (SKILL.test(blocker)) kinds.push('skill');
  if (FEELING.test(blocker) || FROZE.test(blocker)) kinds.push('feeling');
  if (kinds.length) return PERSON.test(blocker) ? [...kinds, 'person'] : kinds;
  // What it costs is not got round by a change of hour (a fear of losing money is the fear, above).
  if (MONEY.test(blocker)) return ['money'];
  // The hour, the place or the tools come before a person named beside them: "between clients
  // and the kids there is no half hour" asks for a change of when, not a word with the clients.
  if (CIRCUMSTANCE.test(blocker)) kinds.push('circumstance');
  else if (PERSON.test(blocker)) kinds.push('person');
  // Someone else putting a thing off ("my manager keeps postponing") is that person, not avoidance.
  if (AVOIDANCE.test(blocker) && !kinds.includes('person')) kinds.push('avoidance');
  return kinds;
}
