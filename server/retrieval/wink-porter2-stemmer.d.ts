/** The package ships JavaScript only: one function from a lower-case word to its Porter2 stem. */
declare module 'wink-porter2-stemmer' {
  export default function stem(word: string): string;
}
