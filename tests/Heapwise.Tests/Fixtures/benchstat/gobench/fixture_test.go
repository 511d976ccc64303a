// Package benchfixture is a real Go benchmark suite whose `go test -bench` output is the input of
// Heapwise's benchstat cross-check tests. HEAPWISE_VARIANT=new switches Concat to the optimized code,
// so OLD and NEW differ where they should and agree where they should.
package benchfixture

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

var optimized = os.Getenv("HEAPWISE_VARIANT") == "new"

var sink string

// Concat builds a 64-part string: by repeated += in the old variant, with a presized Builder in the new.
func BenchmarkConcat(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if optimized {
			var sb strings.Builder
			sb.Grow(64 * 3)
			for j := 0; j < 64; j++ {
				sb.WriteString(strconv.Itoa(j % 10))
				sb.WriteString("ab")
			}
			sink = sb.String()
		} else {
			s := ""
			for j := 0; j < 64; j++ {
				s += strconv.Itoa(j%10) + "ab"
			}
			sink = s
		}
	}
	// A custom unit, as b.ReportMetric adds them: benchstat keeps it as its own metric.
	b.ReportMetric(64, "parts/op")
}

// Parse is the same code in both variants: its time differs by noise only and its B/op not at all.
func BenchmarkParse(b *testing.B) {
	fields := strings.Repeat("12345,", 32)
	for i := 0; i < b.N; i++ {
		total := 0
		for _, f := range strings.Split(fields, ",") {
			n, _ := strconv.Atoi(f)
			total += n
		}
		if total == 0 {
			b.Fatal("no fields parsed")
		}
	}
}

// Lookup has sub-benchmarks and allocates nothing (0 B/op in both variants).
func BenchmarkLookup(b *testing.B) {
	m := map[int]int{}
	for i := 0; i < 1024; i++ {
		m[i] = i
	}
	for _, size := range []int{16, 1024} {
		b.Run("size="+strconv.Itoa(size), func(b *testing.B) {
			total := 0
			for i := 0; i < b.N; i++ {
				total += m[i%size]
			}
			_ = total
		})
	}
}

// Retired exists only in the OLD run (the NEW run filters it out), like a benchmark deleted by a change.
func BenchmarkRetired(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sink = strconv.Itoa(i)
	}
}
