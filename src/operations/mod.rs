//! What an operator runs the wiki with: the probes a load balancer or an orchestrator asks
//! (`/-/live`, `/-/ready`), the Prometheus metrics of each instance, and the way an instance
//! stops (`server::serve` drains, then finishes the requests in flight), and the backup of
//! the whole wiki and its restore.

pub mod backup;
pub mod metrics;
pub mod probes;
