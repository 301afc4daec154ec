/**
 * Steps 2 and 3, loaded together (one request) right after the first step is on screen.
 * Which steps share a chunk is decided here; each step module defines its own element.
 */
import './step-service.ts';
import './step-time.ts';
