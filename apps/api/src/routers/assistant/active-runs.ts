/**
 * Answers streaming in this process, by assistant message id: assistant.stop aborts the local
 * one at once. (A stop that lands on another instance marks the message stopped; the browser
 * also closes its stream, which aborts the model call wherever it runs.)
 */
const runs = new Map<string, AbortController>();

export const activeRuns = {
  start(messageId: string): AbortController {
    const controller = new AbortController();
    runs.set(messageId, controller);
    return controller;
  },
  stop(messageId: string): boolean {
    const controller = runs.get(messageId);
    controller?.abort("stopped");
    return controller !== undefined;
  },
  end(messageId: string, controller: AbortController) {
    if (runs.get(messageId) === controller) runs.delete(messageId);
  },
};
