// Node 20 lacks Promise.withResolvers (ES2024, Node >= 22), which mortice, it-queue and
// abort-error (pulled in by libp2p 1.9 and js-waku 0.0.27) call at run time. relay.mjs
// imports this module first, so the polyfill is installed before any libp2p module is evaluated.
if (typeof Promise.withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers() {
      let resolve;
      let reject;
      const promise = new this((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}
