import { recordListStyles } from '../styles/record-list.styles.js';
import { sharedStyles } from '../styles/shared.styles.js';

export const partnerListStyles = [sharedStyles, recordListStyles];
