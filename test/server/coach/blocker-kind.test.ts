/**
 * The kinds of blocker that choose a way round it. The sentences are written for this test, in
 * the plain and misspelt ways people name what is in their way.
 */
import { describe, expect, it } from 'vitest';
import { blockerKinds } from '../../../server/coach/blocker-kind.ts';

describe('blockerKinds', () => {
  it.each([
    ['I do not know how to set up the pivot table', ['skill']],
    ['the grammar part makes no sense to me', ['skill']],
    ['I panic when the examiner looks at me', ['feeling']],
    ['so embarrassed to ask again in class', ['feeling']],
    ['my supervisor keeps moving the deadline', ['person']],
    ['only free after the kids are in bed and by then im exhausted', ['circumstance']],
    ['laptop broken since friday', ['circumstance']],
    ['I keep putting it off until Sunday night', ['circumstance', 'avoidance']],
    ['scrolling instead of revising', ['avoidance']],
    // Money is its own kind, got round by a cheaper route, not by a change of hour or place.
    ['money is tight until the first invoice is paid', ['money']],
    ['cannot afford the course fee and my evenings are full', ['money']],
    // Someone else's queue: ask for a date and a stand-in.
    ['still waiting for the transcript from my old school', ['waiting']],
    ['the visa office needs 15 working days and my start date is sooner', ['waiting']],
    // Nobody to ask: one introduction.
    ['i dont know anybody who works in architecture', ['contacts']],
    ['no referrals, only job portals', ['contacts']],
    // Slow or new at it is a skill not there yet.
    ['the booking system is new to me and I am still slow with it', ['skill']],
    // Pricing is a skill, not a lack of money.
    ['no idea how to do the food costing in excel', ['skill']],
    // Someone else putting it off is that person, not avoidance.
    ['my manager keeps postponing our meeting', ['person']],
    // The hour and the place come before a person named beside them.
    ['between clients and the kids there is no free time at all', ['circumstance']],
    // A health limit is for whoever treats it, and nothing else is read with it.
    ['knee still sore after the stairs, and I am scared it gets worse', ['health']],
    // When whoever treats it has spoken, the way round is to plan inside what they said.
    ['ankle sprain, physio says no running for two weeks', ['advised']],
    ['hurt my wrist and was told to rest it', ['advised']],
    // Someone else being ill is the circumstance around the work, not a health limit.
    ['staff call in sick so my evenings go on covering their shifts', ['circumstance']],
    ['the kids have been sick all week so no evenings free', ['circumstance']],
    ["i've been sick since monday", ['health']],
    // A machine that freezes is the tools; a person who freezes is a feeling.
    ['my laptop freezes when the file gets big', ['circumstance']],
    ['i just freeze when they ask me a question', ['feeling']],
    // A choice not made yet, in the first person; another person's pending decision is that person.
    ["torn between the two offers and can't decide", ['choice']],
    ['not sure which course to pick', ['choice']],
    ['my manager has not decided who leads the project yet', ['person']],
  ])('reads "%s" as %j', (blocker, kinds) => {
    expect(blockerKinds(blocker)).toEqual(kinds);
  });

  it('reads a skill gap or a feeling as the work itself, not as the hour or the place around it', () => {
    // A change of hour does not teach a skill or calm a fear.
    expect(blockerKinds('I am too nervous to practise in the evenings')).toEqual(['feeling']);
    expect(blockerKinds('no idea how the formulas work, I tried every weekend')).toEqual(['skill']);
  });

  it('reads not knowing where to start as a choice when the goal is to decide, and as a skill gap otherwise', () => {
    expect(blockerKinds('idk where to even start', 'Decide what to study in the fall')).toEqual(['choice']);
    expect(blockerKinds('idk where to even start, the formulas make no sense', 'Pass the maths resit')).toEqual(['skill']);
  });

  it('finds no kind in a blocker whose words say none, and then any way round may answer it', () => {
    expect(blockerKinds('the second chapter')).toEqual([]);
    expect(blockerKinds('')).toEqual([]);
  });
});
