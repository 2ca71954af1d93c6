/** What a control says when its request never reached the server (offline, the server down): the same words everywhere. */
export const UNREACHABLE = "Could not reach the server. Check your connection and try again.";
