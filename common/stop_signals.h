// Graceful stop for long-running binaries: SIGTERM and SIGINT are blocked in every thread
// and received by one sigwait(), so no handler runs on an arbitrary thread.
#ifndef LEADGW_COMMON_STOP_SIGNALS_H_
#define LEADGW_COMMON_STOP_SIGNALS_H_

namespace leadgw {

// Blocks SIGTERM and SIGINT in the calling thread. Call first thing in main(), before any
// thread starts, so every thread inherits the mask.
void BlockStopSignals();

// Waits until SIGTERM or SIGINT arrives and returns its number. Requires BlockStopSignals().
int WaitForStopSignal();

}  // namespace leadgw

#endif  // LEADGW_COMMON_STOP_SIGNALS_H_
