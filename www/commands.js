// The API's methods a host page may call by postMessage: boot.js answers
// them from the first moment, api.js defines them.

/** The API methods a host page may call by postMessage (www/boot.js). */
export const COMMANDS = ['set', 'play', 'pause', 'step', 'stepEpoch', 'reset', 'state', 'dataset', 'csv', 'link'];
