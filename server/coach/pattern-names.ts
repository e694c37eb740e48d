/** The eleven thinking patterns of the taxonomy (corpus/taxonomy.json), as a type the code can check. */
export type Pattern =
  | 'all-or-nothing'
  | 'overgeneralization'
  | 'catastrophizing'
  | 'labeling'
  | 'mind-reading'
  | 'fortune-telling'
  | 'should-statements'
  | 'discounting-positives'
  | 'personalization'
  | 'emotional-reasoning'
  | 'comparison';
