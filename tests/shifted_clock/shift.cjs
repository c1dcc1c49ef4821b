// Node's clock shifted as sitecustomize.py shifts Python's (TEST_CLOCK_SHIFT_SECONDS), for the servers the tests
// start in Node (s3rver): an S3 server refuses requests signed more than 15 minutes away from its own clock.
const shift = Number(process.env.TEST_CLOCK_SHIFT_SECONDS || 0) * 1000;
if (shift) {
  const RealDate = Date;
  globalThis.Date = class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + shift); else super(...args);
    }
    static now() { return RealDate.now() + shift; }
  };
}
