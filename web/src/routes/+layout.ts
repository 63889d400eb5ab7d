// A client-rendered app: the map needs the browser, and the API answers all data requests.
export const ssr = false;
export const prerender = false;
