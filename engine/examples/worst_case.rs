//! Worst-case benchmark (run by `scripts/bench.sh`, not a test): the slowest input of each
//! hostile family at its size limit, with time and peak heap, against the budgets
//! (≤ 50 ms and ≤ 64 MiB natively). Prints a Markdown table; exits 1 when a budget breaks.

#[path = "../tests/common/hostile.rs"]
mod hostile;

#[global_allocator]
static ALLOC: hostile::PeakAlloc = hostile::PeakAlloc;

const NOW: i64 = 1_796_083_200;
const BUDGET_MS: f64 = 50.0;
const BUDGET_MIB: f64 = 64.0;

fn main() {
    let runs: usize = std::env::var("WORST_CASE_RUNS").ok().and_then(|s| s.parse().ok()).unwrap_or(5);
    println!("| family | input | bytes | time (median of {runs}) | peak heap | diagnostics | |");
    println!("|---|---|---:|---:|---:|---:|---|");
    let mut broken = 0;
    for case in hostile::cases() {
        let i = &case.inputs;
        let bytes = i.kubeconfig.len()
            + i.token.len()
            + i.settings.values().map(String::len).sum::<usize>()
            + i.imports.iter().map(|(_, b)| b.len()).sum::<usize>();
        let (ms, mib, out) = median_of(runs, || hostile::measure(&case.inputs, NOW));
        let diags = out.diagnostics.len();
        let ok = ms <= BUDGET_MS && mib <= BUDGET_MIB;
        broken += usize::from(!ok);
        println!(
            "| {} | {} | {bytes} | {ms:.1} ms | {mib:.1} MiB | {diags} | {} |",
            case.family,
            case.name,
            if ok { "met" } else { "**BROKEN**" }
        );
    }
    // The diagnose box: a paste at its 4 MiB limit, against 50 ms per MiB.
    for (name, log) in hostile::diagnose_logs() {
        let (ms, mib, d) = median_of(runs, || hostile::measure_diagnose(&log));
        let found = d.findings.len();
        let budget = BUDGET_MS * log.len() as f64 / (1024.0 * 1024.0);
        let ok = ms <= budget && mib <= BUDGET_MIB;
        broken += usize::from(!ok);
        println!("| diagnose | {name} | {} | {ms:.1} ms | {mib:.1} MiB | {found} | {} |", log.len(), if ok { "met" } else { "**BROKEN**" });
    }
    std::process::exit(i32::from(broken > 0));
}

/// `runs` measurements: the median time (ms), the largest peak heap (MiB), the last result.
fn median_of<T>(runs: usize, mut measure: impl FnMut() -> (std::time::Duration, usize, T)) -> (f64, f64, T) {
    let mut times = Vec::new();
    let mut peak = 0;
    let mut last = None;
    for _ in 0..runs.max(1) {
        let (t, p, out) = measure();
        times.push(t.as_secs_f64() * 1000.0);
        peak = peak.max(p);
        last = Some(out);
    }
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], peak as f64 / (1024.0 * 1024.0), last.expect("at least one run"))
}
