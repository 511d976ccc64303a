module heapwise.example/benchfixture

go 1.19
