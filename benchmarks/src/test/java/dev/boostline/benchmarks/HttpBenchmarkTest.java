package dev.boostline.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HttpBenchmarkTest {
  private static final String OUTPUT =
      """
      Running 20s test @ http://127.0.0.1:41234/v1/models/higgs/score
        1 threads and 16 connections
        Thread Stats   Avg      Stdev     Max   +/- Stdev
          Latency   744.59us  308.84us  10.12ms   93.33%
          Req/Sec    21.63k     1.10k   23.36k    78.00%
        Latency Distribution
           50%  690.00us
           75%  780.00us
           90%    0.92ms
           99%    1.81ms
        430464 requests in 20.00s, 50.08MB read
        Socket errors: connect 0, read 2, write 0, timeout 5
        Non-2xx or 3xx responses: 12
      Requests/sec:  21521.50
      Transfer/sec:      2.50MB
      """;

  @Test
  void reads_throughput_latency_percentiles_and_errors_from_wrk() {
    HttpBenchmark.Load l = HttpBenchmark.parseWrk(OUTPUT);
    assertThat(l.rps()).isEqualTo(21521.50);
    assertThat(l.p50Micros()).isEqualTo(690.0);
    assertThat(l.p99Micros()).isEqualTo(1810.0);
    assertThat(l.errors()).isEqualTo(2 + 5 + 12);
  }

  @Test
  void a_clean_run_has_no_errors_and_seconds_are_converted() {
    HttpBenchmark.Load l =
        HttpBenchmark.parseWrk(
            OUTPUT
                .replace("  Socket errors: connect 0, read 2, write 0, timeout 5\n", "")
                .replace("  Non-2xx or 3xx responses: 12\n", "")
                .replace("1.81ms", "1.20s"));
    assertThat(l.errors()).isZero();
    assertThat(l.p99Micros()).isEqualTo(1.2e6);
  }

  @Test
  void output_without_a_rate_is_an_error() {
    assertThatThrownBy(() -> HttpBenchmark.parseWrk("unable to connect to 127.0.0.1:1"))
        .hasMessageContaining("no Requests/sec");
  }
}
