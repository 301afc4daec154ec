/**
 * Steps 4 and 5 and the success screen, with the signature pad, loaded together when the
 * patient reaches step 3. Each step module defines its own element.
 */
import './step-details.ts';
import './step-confirm.ts';
import './step-done.ts';

// For the manage view's calendar links after a move (and the link they carry): from this chunk, which it loads, rather
// than a chunk of their own that both would import (`widget/manage/manage-view.ts`).
export { googleCalendarUrl, icsDataUrl, revisionNow } from '../calendar/calendar-links.ts';
export { changeLinkUrl } from '../calendar/change-link.ts';
