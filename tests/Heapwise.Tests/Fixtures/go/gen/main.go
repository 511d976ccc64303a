// Command gen writes the Go-made pprof fixtures Heapwise's tests read:
// heap.pb.gz (runtime heap profile with inuse and alloc sample types) and
// cpu.pb.gz (a CPU profile). Run ../make-fixtures.sh to regenerate them.
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"
)

var keep [][]byte
var sink int

// makeBuffers allocates mid-size byte slices and keeps a share of them alive.
func makeBuffers(n int) {
	for i := 0; i < n; i++ {
		b := make([]byte, 4096)
		if i%4 == 0 {
			keep = append(keep, b)
		}
		sink += len(b)
	}
}

// buildStrings allocates strings through a builder.
func buildStrings(n int) {
	for i := 0; i < n; i++ {
		var sb strings.Builder
		for j := 0; j < 20; j++ {
			sb.WriteString("heapwise")
		}
		sink += len(sb.String())
	}
}

type node struct {
	next  *node
	value [6]int64
}

// makeList allocates small structs recursively so stacks repeat a function.
func makeList(depth int) *node {
	if depth == 0 {
		return nil
	}
	return &node{next: makeList(depth - 1)}
}

func spin(d time.Duration) {
	end := time.Now().Add(d)
	x := 0
	for time.Now().Before(end) {
		for i := 0; i < 100000; i++ {
			x += i * i
		}
	}
	sink += x
}

func write(name string, f func(*os.File) error) {
	out, err := os.Create(name)
	if err != nil {
		panic(err)
	}
	if err := f(out); err != nil {
		panic(err)
	}
	if err := out.Close(); err != nil {
		panic(err)
	}
}

func main() {
	runtime.MemProfileRate = 4096
	makeBuffers(20000)
	buildStrings(50000)
	for i := 0; i < 2000; i++ {
		if makeList(30) == nil {
			panic("unreachable")
		}
	}
	runtime.GC()
	write("heap.pb.gz", func(f *os.File) error { return pprof.Lookup("heap").WriteTo(f, 0) })

	write("cpu.pb.gz", func(f *os.File) error {
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		spin(1500 * time.Millisecond)
		pprof.StopCPUProfile()
		return nil
	})
	fmt.Println("wrote heap.pb.gz and cpu.pb.gz; kept", len(keep), "buffers")
}
