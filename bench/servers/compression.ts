/** The answer compression `proxy/node.ts` uses, for the bench's servers. */
import { nodeCompression } from '../../proxy/http/node-compression.ts';

export function benchCompression() {
  return { compression: nodeCompression };
}
