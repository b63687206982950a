// X12 5010 at the edge of the core: 837P/837I claims in (read837), 835 remittance advice out
// (write835), 999 acknowledgments for what cannot be read, and an 835 reader that checks
// balancing. Browser-safe like the rest of the core: text in, text out. See README.md here.
export { read837, type Read837, type Read837Options, type ClaimRead, type ClaimSource, type RejectedClaim } from "./read837.js";
export { write835, pendedClaims, x12Amount, DEFAULT_PAYER, type Remittance, type Write835Options, type PayerProfile } from "./write835.js";
export { read835, balance835, type Read835, type Payment835, type Claim835, type Line835, type Adjustment835 } from "./read835.js";
export { write999 } from "./write999.js";
export { guide, walk, type Guide, type SegmentIssue, type ElementIssue } from "./guide.js";
export { splitSegments, X12SyntaxError, type Delimiters, type Segment } from "./segments.js";
export { readEnvelopes } from "./envelope.js";
