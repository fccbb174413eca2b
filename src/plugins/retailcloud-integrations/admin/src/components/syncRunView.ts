/** A sync run as the sync-runs routes answer it (the history, the timeline, the panels and the overview read it). */
export type { RunStatus, SyncRunView } from '../../../contracts/sync-runs';
