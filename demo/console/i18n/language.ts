// The language a draft will be shown in, guessed by the server's own rule (its channel's comes from the channel's record).
export { directionOf, guessLanguage, headlineDirection } from '../../../server/headlines/language.js';
