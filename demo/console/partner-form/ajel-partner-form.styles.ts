import { recordFormStyles } from '../styles/record-form.styles.js';
import { sharedStyles } from '../styles/shared.styles.js';

export const partnerFormStyles = [sharedStyles, recordFormStyles];
