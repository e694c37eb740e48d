import { sentences } from '../text/sentences.ts';
import { near, type PhraseRules, phrases } from './phrase-rules.ts';

/**
 * The safety rules: the backstop of the learned screen (server/understanding/understanding.ts,
 * a text is flagged if either flags it) on every coaching request, and, with a model, the check
 * on its output. They err towards flagging: a person who writes about hurting themself, being
 * hurt, or an emergency gets the site's contacts instead of coaching.
 *
 * Each category is a set of phrasings of the danger itself (who is harmed, how), never a bare
 * dramatic verb, so figures of speech ("this deadline is killing me", "I killed it") pass.
 * Talk about a danger as a subject (a novel about a stalker, an essay on abuse) passes too,
 * unless the writer or someone close to them is in it.
 */
export type SafetyCategory = 'self-harm' | 'abuse' | 'harassment' | 'violence' | 'medical-emergency';

// Violent acts only: "pushes me to do better" or "grab me a coffee" must not match.
const HARM = String.raw`(?:hits|hit|hitting|beats|beat|beating|slaps|slapped|punches|punched|kicks|kicked|chokes|choked|strangle\w*|shoves|shoved|(?<!\b(?:it|that|this|which) )hurts)`;
const PERSON = '(?:him|her|them|someone|somebody|people|everyone|his|their)';
const WEAPON = '(?:knife|knives|blade|gun|guns|pistol|rifle|weapon|machete)';
// "Going to die of embarrassment" is a figure of speech, not a wish to die.
const NOT_A_FIGURE = String.raw`(?! (of (embarrassment|shame|boredom|laughter|cringe)|laughing)\b)`;
const CLOSE_PERSON =
  '(?:boyfriend|girlfriend|partner|husband|wife|dad|mum|mom|father|mother|stepdad|stepmum|stepfather|stepmother|parents?|uncle|aunt|brother|sister|carer|coach|teacher|manager|boss)';

export const safetyRules: Array<[SafetyCategory, PhraseRules]> = [
  [
    'medical-emergency',
    phrases(
      String.raw`\b(can'?t|cannot|could not|couldn'?t|struggling to) (breathe|catch (my|his|her|their) breath)\b`,
      String.raw`\bnot breathing\b`,
      String.raw`\b(won'?t|will not|can'?t|cannot|couldn'?t|isn'?t|is not) (wake|waking) (up|him|her|them)\b`,
      String.raw`\bchest pains?\b`,
      String.raw`(?<!(nearly|almost) )\b(having|had|has) a (heart attack|stroke|seizure)\b`,
      String.raw`\bunconscious\b`,
      String.raw`\b(i|he|she|they|someone|my \w+) (just )?(collapsed|fainted|passed out)\b`,
      String.raw`\boverdos(e|ed|ing)\b`,
      String.raw`\btook (too many|a lot of|all (my|the|her|his)) (pills|tablets)\b`,
      String.raw`\b(throat|tongue|face|lips) (is |are )?(swelling|swollen|closing)\b`,
      String.raw`\bbleeding (heavily|badly|a lot|everywhere|won'?t stop)\b`,
      String.raw`\b(can'?t|won'?t) stop (the )?bleeding\b`,
      String.raw`\bhead injury\b`,
      String.raw`\bhit (his|her|my|their) head\b`,
      String.raw`\b(anaphyla\w*|allergic reaction)\b`,
      near(String.raw`\b(diabetic|insulin)\b`, 100, String.raw`\b(confused|shaking|faint|collapsed|not making sense)\b`),
      String.raw`\b(crushing|severe|sharp|bad|terrible) pain in (his|her|my|their) chest\b`,
      String.raw`\b(arm|face|leg|side) (has )?(gone |going |is )?(numb|drooping)\b`,
      String.raw`\bslurr(ed|ing) (his|her|their|my )?(speech|words)\b`,
      String.raw`\bcan'?t feel (my|his|her|their) (arm|leg|face|side)\b`,
    ),
  ],
  [
    'self-harm',
    phrases(
      // "I hurt myself at the gym" is an accident, not self-harm.
      String.raw`\b(kill|killing|hurt|hurting|harm|harming|cut|cutting|starve|starving) myself\b(?! (at the gym|at football|at work|in the gym|during|playing|while (running|lifting|playing|training)|lifting|running))`,
      String.raw`\bburn(ing)? myself\b(?! out)`,
      String.raw`\bsuicid\w*`,
      String.raw`\bself[- ]?harm\w*`,
      String.raw`\bend(ing)? (it all|my (own )?life)\b`,
      String.raw`\b(talking|talks|thinking|thoughts) (about|of) ending (it|things|my life)\b`,
      String.raw`\b(want|wanted|wanting|going) to die\b${NOT_A_FIGURE}`,
      String.raw`\bwish (i|I) (was|were) dead\b`,
      String.raw`\b(don'?t|do not|no longer) want to (live|be alive|be here anymore|exist|wake up|be around anymore)\b`,
      String.raw`\bbetter off (without me|if i (was|were|wasn'?t) (gone|here|around|dead))\b`,
      String.raw`\bno (reason|point) (to|in) (live|living|going on|being alive)\b`,
      String.raw`\b(tired|sick) of (living|being alive)\b`,
      String.raw`\btake my (own )?life\b`,
      String.raw`\bnot worth living\b`,
      String.raw`\bhow many (pills|tablets)\b`,
      String.raw`\b(want|wish|wishing) (to|i could) (disappear|vanish|be gone) (forever|for good)\b`,
      String.raw`\b(unalive|kms)\b`,
      String.raw`\b(thinking|thoughts) (about|of) (dying|death|not being here)\b`,
      // The same said of someone else: a mentor's agenda focus is about their mentee.
      String.raw`\b(kill|kills|killing|hurt|hurts|hurting|harm|harms|harming|cut|cuts|cutting|starve|starves|starving) (yourself|himself|herself|themselves|themself)\b(?! (a|an|some|with|laughing|playing|trying|doing)\b)`,
      String.raw`\bburn(s|ing)? (himself|herself|themselves|themself)\b(?! out)`,
      String.raw`\b(wants|wanted) to die\b${NOT_A_FIGURE}`,
      String.raw`\bend(s|ed|ing)? (his|her|their) (own )?life\b`,
      String.raw`\btake (his|her|their) (own )?life\b`,
      String.raw`\b(doesn'?t|does not|no longer) want(s)? to (live|be alive|be here anymore|exist|wake up|be around anymore)\b`,
      String.raw`\b(he|she|they) (doesn'?t|does not|don'?t|do not) want to (live|be alive)\b`,
      // Signs without the words: saving or taking pills, harm "on purpose", goodbyes.
      // Taking one's medication is ordinary: only saving it up, or taking a whole supply at once.
      String.raw`\b(saving up|stockpil\w*|hoard\w*) (all )?(my|the|her|his|some)? ?(pills|tablets|meds|medication)\b`,
      String.raw`\b(taking|take|took|swallow\w*) (all (of )?(my|the|her|his) |a bottle of |a pack of |the whole (bottle|pack|box) of (my |the |her |his )?)(pills|tablets|meds|medication)\b`,
      near(
        String.raw`\b(taking|take|took|swallow\w*) (my |the |her |his |some )?(pills|tablets|meds|medication)\b`,
        70,
        String.raw`\b(at once|together|in one go)\b`,
      ),
      String.raw`\b(all|whole bottle of|pack of) (my |the )?(pills|tablets|meds) at once\b`,
      near(
        String.raw`\b(burn\w*|cut\w*|hurt\w*|hit\w*|scratch\w*) (my|myself|my own) ?(arm|arms|wrist|wrists|leg|legs|skin|body|self)?\b`,
        60,
        String.raw`\bon purpose\b`,
      ),
      near(String.raw`\bon purpose\b`, 70, String.raw`\b(burn\w*|cut\w*|hurt\w*)`),
      String.raw`\b(go to sleep and|never|not) (wake|waking) up\b(?! (early|late|on time|in time|before|at|for))`,
      String.raw`\bwon'?t be (around|here) (much )?(longer|anymore|for long)\b`,
      String.raw`\bgiv(ing|es|en) (away )?(all )?(her|his|my|their) (stuff|things|belongings|possessions) away\b`,
      String.raw`\bwhat'?s the point (anymore|of (living|anything|being here|going on))\b`,
      String.raw`\b(can'?t|cannot) go on\b`,
      String.raw`\b(nobody|no one) would (notice|care|miss me) if i\b`,
      String.raw`\b(goodbye|suicide) (note|letter)\b`,
    ),
  ],
  [
    'violence',
    phrases(
      String.raw`\b(bring|brings|bringing|brought|carry|carries|carrying|has|have|had|got|keeps?|pulled|pulls) (a|his|her|their|the) ${WEAPON}\b`,
      String.raw`\b${WEAPON} (in|to) (his|her|their|the) (car|bag|locker|school|class|work)\b`,
      String.raw`\b(i'?m going to|i'?m gonna|i'?ll|i will|going to|gonna|want to|plans? to|planning to) (stab|shoot|hurt|attack|beat up|smash|punch|batter|jump|kill) ${PERSON}\b(?! (an?|the|over|up|out|some) )`,
      String.raw`\b(said|says|threatened|threatens|told me|saying) (that )?(they'?ll|he'?ll|she'?ll|they'?d|he'?d|she'?d|they would|he would|she would|to|they are going to|he is going to) (kill|stab|shoot|hurt|beat|jump|attack|batter) (me|us|him|her|them|you)\b`,
      String.raw`\b(they'?re|they are|he'?s|she'?s|he is|she is) (going to|gonna) (jump|beat|stab|shoot|attack|hurt) (me|us)\b`,
      String.raw`\bthreaten(s|ed|ing)? to (kill|shoot|stab|attack|hurt|beat|set fire|burn|torch|petrol)\b`,
      String.raw`\b(school|office|workplace|mass) (shooting|attack)\b`,
      String.raw`\b(set fire to|burn down|torch) (our|my|the|his|her|their) (flat|house|home|car|school)\b`,
      near(String.raw`\b(texts?|messages?|threats?)\b`, 80, String.raw`\b(stab|shoot|kill|hurt|beat|jump)(bed|ing|ed)? me\b`),
      String.raw`\b(shoot|stab|attack|bomb) (up )?(the|our|this) (school|office|class|workplace|building)\b`,
      String.raw`\bget what'?s coming to (them|him|her)\b`,
    ),
  ],
  [
    'abuse',
    phrases(
      String.raw`\b${HARM} me\b`,
      String.raw`\bgrab(s|bed)? me (by|and|hard|from behind)\b`,
      String.raw`\b(touches|touched|touching) me\b`,
      String.raw`\b(verbal|physical|sexual|emotional|domestic|financial) abuse\b`,
      String.raw`\b(being|was|been|is) abused\b`,
      String.raw`\babus(ive|es me|ed me|ing me)\b`,
      String.raw`\bmolest\w*`,
      String.raw`\bgroom(ed|ing) me\b`,
      String.raw`\b(not safe|unsafe|afraid|scared|frightened) (at|to go|of going) home\b`,
      String.raw`\b(afraid|scared|terrified) of my ${CLOSE_PERSON}\b`,
      String.raw`\bthreaten(s|ed)? (to hurt |to hit |to kill )?me\b`,
      String.raw`\b(locks|locked|kicks|kicked|throws|threw) me (in|up|out)\b`,
      String.raw`\b(takes|took|controls|keeps) (all )?my (money|wages|pay|passport|bank card)\b`,
      // Checking a phone is control in a couple; from a parent it is usually just parenting.
      near(String.raw`\b(boyfriend|girlfriend|partner|husband|wife)\b`, 80, String.raw`\b(checks|reads|goes through) my (phone|messages)\b`),
      near(
        String.raw`\b${CLOSE_PERSON}\b`,
        100,
        String.raw`\b(not allowed|won'?t let me|doesn'?t let me) (to )?(see|go out|leave the house|talk to|have friends)\b`,
      ),
      String.raw`\b(left|leaves|gave|gives) me (bruises|a black eye)\b`,
      String.raw`\b(told|tells|asked|makes|made) me (to )?keep (it|this|us|what happened) (a )?secret\b`,
      String.raw`\b(forces|forced|pressures|pressured) me (into|to) (have sex|sex|sleep with|touch|send (photos|pictures|nudes)|watch|keep quiet)\b`,
      String.raw`\bmakes me (touch|watch|send)\b`,
      // Someone close hurting the writer or another child in the home.
      near(String.raw`\b${CLOSE_PERSON}\b`, 70, String.raw`\b(hits|beats|hurts|slaps|kicks|chokes|burns|punches) (me|my|us|him|her)\b`),
      near(
        String.raw`\b(coach|teacher|leader|tutor|uncle|neighbour|neighbor|adult|older guy|older man|youth worker)\b`,
        90,
        String.raw`\b(keep (secrets|it secret|it between us)|photos at night|send(s)? me (photos|pictures)|meet (him|her) alone)\b`,
      ),
    ),
  ],
  [
    'harassment',
    phrases(
      String.raw`\bsexual (comments?|remarks?|jokes?|advances?|messages?|harassment)\b`,
      String.raw`\bharass(ed|es|ing)? me\b`,
      String.raw`\bbeing harassed\b`,
      String.raw`\bharassment (from|by|at)\b`,
      String.raw`\b(stalks|stalked|stalking|is stalking|been stalking) me\b`,
      String.raw`\bstalker\b`,
      String.raw`\b(bullies|bullied|bullying) me\b`,
      String.raw`\bbeing bullied\b`,
      String.raw`\bsends? me (explicit|nude|sexual|dirty)\w*`,
      String.raw`\b(messages?|comments?|texts?) (me )?about my (body|looks|chest|legs)\b`,
      String.raw`\bunwanted (touch\w*|advances?|messages?|attention)\b`,
      String.raw`\binappropriate(ly)? (touch\w*|comments?|messages?|photos?)\b`,
      String.raw`\b(keeps|kept|keep) (touching|following|messaging|texting|calling|staring at|commenting on) me\b`,
      String.raw`\b(he|she|they|someone|somebody|a (guy|man|woman|stranger)|this (guy|man|woman|person)|my (ex|manager|boss|coworker|colleague|classmate|neighbou?r))\b (keeps |always |still )?follow(s|ed|ing)? me\b(?! on| back)`,
      String.raw`\bwaits? (outside|near|by) my (flat|house|home|door|school|work|office)\b`,
      near(String.raw`\bfake (account|profile)\b`, 100, String.raw`\b(my|me)\b`),
      String.raw`\bpost(s|ed|ing)? (my|me) (photos?|pictures?|pics?|address)\b`,
      String.raw`\b(nasty|threatening|abusive|vile) (comments|messages|texts|posts)\b`,
      near(String.raw`\b(depends on|in exchange for|unless i) `, 70, String.raw`\b(go(ing)? out|date|dating|sleep)\b`),
      String.raw`\bwon'?t leave me alone\b`,
      String.raw`\btold (him|her|them) to stop\b`,
      String.raw`\btell (him|her|them) to stop\b`,
      String.raw`\b(keeps|kept|keep|always) (grabbing|touching|groping|rubbing|pinching|stroking) (my|me)\b`,
      String.raw`\b(even )?after i (blocked|reported|told|asked) (him|her|them)\b`,
      String.raw`\b(dozens|hundreds) of (times|messages|texts|calls)\b`,
      String.raw`\bturns up (at|outside) my\b`,
      String.raw`\b(won'?t|will not|doesn'?t|does not) stop when i (ask|tell|say)\b`,
      String.raw`\b(posting|sharing|spreading|posts|shares|spreads) (edited |fake |private |nude |embarrassing )?(photos|pictures|pics|videos|images) of me\b`,
    ),
  ],
];

// A danger named as a subject of study, reading or work, with nobody close to the writer in it.
const TOPIC =
  /\b(novel|book|film|movie|podcast|essay|article|course|workshop|training|policy|documentary|series|class|lecture|module|certificate|volunteer\w*|drill|dissertation|thesis|research|paper|report|study|placement)\b/i;
const CLOSE = /\b(me|myself|my (friend|mum|mom|dad|sister|brother|partner|boyfriend|girlfriend|flatmate|roommate|child|son|daughter|colleague|coworker))\b/i;
// The writer in the danger itself ("I want to end my life over this course"): never a topic.
// Looked for in the danger and the few words before it ("I want to", "makes me"), not the whole
// sentence, where "I am writing an essay on suicide prevention" names the writer as its author.
const FIRST_PERSON = /\b(i|me|my|myself|mine)\b/i;
const SPEAKER_REACH = 12;
/**
 * Every validated text field is at most 10,000 characters; this bounds the screen's work per
 * text whatever a caller passes (the rules are linear, so work is this times their number).
 */
export const MAX_SCREENED_CHARACTERS = 10_000;

export interface SafetyScreen {
  flagged: boolean;
  category?: SafetyCategory;
  /** The words the rule matched. */
  quote?: string;
}

/** The first category whose rules match any of the texts, most urgent first. */
export function screen(...texts: Array<string | undefined>): SafetyScreen {
  for (const text of texts) {
    if (!text) continue;
    const plain = text.slice(0, MAX_SCREENED_CHARACTERS).replace(/[\u2018\u2019]/g, "'");
    for (const sentence of sentences(plain)) {
      const aboutATopic = TOPIC.test(sentence) && !CLOSE.test(sentence);
      for (const [category, rules] of safetyRules) {
        const match = rules.find(sentence);
        if (!match) continue;
        const danger = sentence.slice(Math.max(0, match.start - SPEAKER_REACH), match.end);
        if (!aboutATopic || FIRST_PERSON.test(danger)) return { flagged: true, category, quote: sentence.slice(match.start, match.end) };
      }
    }
  }
  return { flagged: false };
}
