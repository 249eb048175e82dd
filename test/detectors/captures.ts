// The capture builder detector tests share with the scenario suite.
export { CaptureBuilder, rng, S, steadyDns, type SteadyDns, type Tx } from "@/lib/samples/scenarios/capture-builder";
