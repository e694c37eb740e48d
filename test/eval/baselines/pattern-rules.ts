import type { Pattern } from '../../../server/coach/pattern-names.ts';
import { near, type PhraseRules, phrases } from '../../../server/coach/phrase-rules.ts';

/**
 * The thinking-pattern rules the server used before the learned detector, kept as the baseline
 * its figures are set beside (npm run eval). Each pattern has a few rules for how it sounds in
 * plain English; they were written from the descriptions of the patterns and checked against
 * the dev set test/eval/data/reframe-dev.jsonl, and do not hold on text written elsewhere.
 */

const SELF = "(?:i'?m|i am)";

export const patternRules: Record<Pattern, PhraseRules> = {
  'all-or-nothing': phrases(
    String.raw`\b(entire|whole) (\w+ )?(thing|report|project|week|day|term|year|course|presentation|plan) (is|was|will be) (garbage|useless|ruined|worthless|pointless|a waste|rubbish)\b`,
    String.raw`\banything (below|less than|short of) (an? |the )?\w+\b`,
    String.raw`\b(isn'?t|is not|not) 100\s?%`,
    String.raw`\bno point (showing|doing|sending|handing in) any\b`,
    near(String.raw`\bone (error|mistake|day|bad|slip|typo|miss)\b`, 90, String.raw`\b(ruined|useless|pointless|garbage|worthless|over)\b`),
    String.raw`\bcounts as (a )?fail\w*\b`,
    String.raw`\b(flawless|perfect(ly)?|worthless|pointless)\b`,
    String.raw`\beverything right\b`,
    String.raw`\ball or nothing\b`,
    String.raw`\b(complete|total|utter) (failure|waste|disaster)\b`,
    String.raw`\bwhole \w+ (was|is|will be) (wasted|ruined|for nothing)\b`,
    String.raw`\b(ruined|wasted) (the|my) (whole|entire)\b`,
    String.raw`\bif it'?s not (perfect|100)`,
    near(String.raw`\b(either|it'?s) `, 70, String.raw` or nothing\b`),
  ),
  overgeneralization: phrases(
    String.raw`\b(nobody|no one|everyone|everything|everybody) (\w+ ){0,3}ever\b`,
    String.raw`\bsame (story|thing) (each|every) time\b`,
    String.raw`\bevery (\w+ )?(project|job|interview|class|meeting|exam|application|relationship)\b`,
    String.raw`\btypical me\b`,
    String.raw`\b(i|we|they|he|she) (always|constantly)\b`,
    String.raw`\bevery (single )?time\b`,
    String.raw`\ball the time\b`,
    String.raw`\b(i|${SELF}) never\b`,
    String.raw`\bnothing ever\b`,
    String.raw`\beverything always\b`,
    String.raw`\b${SELF} always\b`,
  ),
  catastrophizing: phrases(
    String.raw`\b(collapses?|wreck\w*|destroy\w*|ruin\w*) (my |the |everything|it all)`,
    String.raw`\bentire (future|career|life)\b`,
    String.raw`\bend of my (job|career|course|degree|placement|life)\b`,
    String.raw`\b(life|plan|career|future|everything) (is|would be|will be) (over|ruined|finished)\b`,
    String.raw`\bgetting (fired|sacked|kicked out)\b`,
    String.raw`\bmeans no (grad school|job|future|chance|way)\b`,
    String.raw`\bwasted (two|three|four|five|\d+|all those) (years|months)\b`,
    String.raw`\b(career|life|future) (is|will be|would be) (over|ruined|finished)\b`,
    String.raw`\bit'?s (all )?over\b`,
    String.raw`\b(fire|sack) me\b`,
    String.raw`\bget (fired|sacked)\b`,
    near(String.raw`\bnever (work|get hired|find a job) `, 60, String.raw`again\b`),
    String.raw`\b(disaster|catastroph\w*|end of the world|nightmare)\b`,
    String.raw`\bwhole \w+ (was|is|will be) (wasted|ruined)\b`,
    String.raw`\b(lose|losing) (everything|my job|my place)\b`,
    String.raw`\beverything (will|is going to) (fall apart|go wrong|collapse)\b`,
  ),
  labeling: phrases(
    String.raw`\b${SELF} (such an? |a complete |a total |a walking |an absolute |just an? |an? )(idiot|moron|failure|loser|disaster|mess|joke|fraud|fake|imposter|waste of space|embarrassment)\b`,
    String.raw`\b${SELF} (so |such an? )?(useless|hopeless|pathetic|clueless|thick|dense)\b`,
    String.raw`(?<!thinks? )\b${SELF} (?:(?:just|such|so|an?|basically) ){0,4}(terrible|hopeless|useless|stupid|idiot|failure|loser|lazy|incompetent|disaster|bad|awful|dumb|fraud)\b`,
    String.raw`\bnot an? (numbers|people|maths?|tech|words?|morning|creative) person\b`,
  ),
  'mind-reading': phrases(
    String.raw`\bwritten me off\b`,
    String.raw`\b(clearly|obviously|must be|probably) (fed up|annoyed|disappointed|bored|angry|sick) (with|of) me\b`,
    String.raw`\b(probably|must|definitely|clearly) (see|sees|think|thinks|find|finds|view|views) me\b`,
    String.raw`\bsee me as\b`,
    String.raw`\bi (just )?know (she|he|they) (think|thinks|thought|hate|hates|don'?t like)\b`,
    String.raw`\b(probably|must|definitely|secretly) thinks?\b`,
    String.raw`\b(thinks|think) (i'?m|i am|my|that i|i'?ll|i have)\b`,
    String.raw`\beveryone (thinks|can tell|sees)\b`,
    String.raw`\b(judging|judges|judge) me\b`,
    String.raw`\blooks? down on me\b`,
    String.raw`\b(doesn'?t|don'?t|does not|do not) (like|respect|rate|want) me\b`,
    String.raw`\b(they|he|she)'?(re| is| are)? (annoyed|disappointed|fed up) with me\b`,
  ),
  'fortune-telling': phrases(
    String.raw`\b(nobody|no one)('?s| is)? going to (hire|want|pick|choose|listen|take)\b`,
    String.raw`\bgoing to (pick|choose|hire|promote) someone else\b`,
    String.raw`\b(is|it'?s) going to be (terrible|awful|bad|a disaster|a mess|embarrassing)\b`,
    String.raw`\bwill (drop|dump|fire|reject|replace) me\b`,
    String.raw`\b(i'?ll|i will) (definitely |probably )?(fail|mess (it|this) up|get rejected|bomb)\b`,
    String.raw`\b(i'?ll|i will|i'?m never going to|never going to|i'?m not going to|won'?t ever) (never )?(get|be|understand|make|find|pass|learn|manage|work)\b`,
    String.raw`\bnever going to\b`,
    String.raw`\b(i'?ll|i will) never\b`,
    String.raw`\b(they|he|she|it)'?ll (fire|reject|say no|laugh|fail)\b`,
    String.raw`\b(is|are|it'?s) (going|bound) to (fail|go wrong|be a disaster)\b`,
    String.raw`\bno point (in )?(trying|applying|asking)\b`,
    String.raw`\bi just know (it|they|i)\b`,
    String.raw`\bwill (definitely|surely) (fail|go wrong)\b`,
  ),
  'should-statements': phrases(
    String.raw`\bi have to (\w+ ){0,3}(every|always|all|perfect)\b`,
    String.raw`\bwhat an? (good|real|proper|decent) \w+ (does|do|would do)\b`,
    String.raw`\bi'?m meant to\b`,
    String.raw`\bshould(n'?t)?\b(?! (i|we) )`,
    String.raw`\bought to\b`,
    String.raw`\b(supposed|expected) to\b`,
    String.raw`\bmust (?!(not |n'?t )?(be|have|belong|mean)\b)\w+`,
    String.raw`\bhave to be (perfect|the best|better)\b`,
  ),
  'discounting-positives': phrases(
    String.raw`\b(means|meant) nothing\b`,
    String.raw`\b(doesn'?t|does not|didn'?t|did not) (really )?mean (much|anything)\b`,
    String.raw`\bonly (went well|worked|happened|got through) because\b`,
    String.raw`\b(pure|dumb|sheer|just) luck\b`,
    String.raw`\b(they|he|she) (hand|give|gives|hands) (that|it|those) (to|out to) (everyone|half)\b`,
    near(String.raw`\bonly (got|did|passed|won|managed)\b`, 80, String.raw`\b(because|easy|luck)\b`),
    String.raw`\b(doesn'?t|does not|didn'?t|did not) (really )?count\b`,
    String.raw`\b(just|only) being (nice|kind|polite)\b`,
    String.raw`\b(was|it was|just) (just )?(luck|lucky|a fluke|easy)\b`,
    String.raw`\banyone could (have )?(done|do) (it|that)\b`,
    String.raw`\bnot a big deal\b`,
  ),
  personalization: phrases(
    String.raw`\b(that'?s|it'?s|was|is) because (of )?(me|my|something i)\b`,
    String.raw`\b(entirely|all|completely|totally) on me\b`,
    String.raw`\bsomething i (did|said)\b`,
    String.raw`\b(my|our) fault\b`,
    String.raw`\b(it'?s|it is|was|all) (all )?my fault\b`,
    String.raw`\bbecause of me\b`,
    String.raw`\b${SELF} to blame\b`,
    String.raw`\bi (caused|ruined|broke)\b`,
    String.raw`\bblame myself\b`,
    String.raw`\b(it'?s|it was) (all )?on me\b`,
    String.raw`\bi let (everyone|the team|them|us) down\b`,
  ),
  'emotional-reasoning': phrases(
    String.raw`\b(since|because|as) i feel\b`,
    near(String.raw`\bi fe(el|lt) `, 100, near(String.raw`\b(so|which means|that means|therefore) `, 50, String.raw`\b(must|mean|means|proves?)\b`)),
    near(String.raw`\bfeeling `, 70, String.raw` (proves|means|shows) (i|that)\b`),
    near(String.raw`\bi feel (like )?`, 80, String.raw`,? (so|therefore|which means) (i|it|that|this) (must|am|is|means)\b`),
    String.raw`\bfeels? (true|real|like a fact)\b`,
    String.raw`\bbecause i feel\b`,
  ),
  comparison: phrases(
    String.raw`\bthan me\b`,
    String.raw`\b(the )?other (\w+ )?(mentees|apprentices|students|interns|graduates|trainees|candidates|nurses|parents|people in)\b`,
    String.raw`\bwhile i'?m (still|stuck)\b`,
    near(String.raw`\balready (owns|has|have|got|is)\b`, 90, String.raw`\b(i'?m|i am|i) still\b`),
    String.raw`\bmiles behind\b`,
    String.raw`\b(classmates|friends|peers|colleagues|cohort) (all|already)\b`,
    String.raw`\b(everyone|everybody) else\b`,
    String.raw`\ball (of )?my (friends|peers|classmates|colleagues|cohort)\b`,
    String.raw`\b(better|smarter|faster|further|more successful) than me\b`,
    String.raw`\bahead of me\b`,
    String.raw`\bbehind (everyone|the others|my peers)\b`,
    String.raw`\bcompared (to|with) (them|others|everyone|my)\b`,
  ),
};

export const patternNames = Object.keys(patternRules) as Pattern[];

export function detectPatterns(statement: string): Pattern[] {
  const text = statement.replace(/[\u2018\u2019]/g, "'");
  return patternNames.filter((pattern) => patternRules[pattern].test(text));
}
