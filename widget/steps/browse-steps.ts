/**
 * Steps 2 and 3, loaded together (one request) right after the first step is on screen, and
 * a practice's location step (loaded with the practice, before anything is on screen).
 * Which steps share a chunk is decided here; each step module defines its own element.
 */
import './step-location.ts';
import './step-service.ts';
import './step-time.ts';
