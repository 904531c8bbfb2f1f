package pushdown

import "math/bits"

// trie holds two tries (case-sensitive and lowered) over a compact byte alphabet.
type trie struct {
	class  [256]int
	nclass int
	next   [][]int32 // node -> class -> child (0: none)
	ends   [][]int   // node -> candidate ids ending there
	root   [2]int32
}

func (t *trie) init() {
	t.next = [][]int32{nil}
	t.ends = [][]int{nil}
	for i := range t.class {
		t.class[i] = -1
	}
	t.root = [2]int32{t.node(), t.node()}
}

func (t *trie) node() int32 {
	t.next = append(t.next, nil)
	t.ends = append(t.ends, nil)
	return int32(len(t.next) - 1)
}

func (t *trie) insert(s string, fold bool, id int) {
	n := t.root[0]
	if fold {
		n = t.root[1]
	}
	for i := 0; i < len(s); i++ {
		c := t.class[s[i]]
		if c < 0 {
			c = t.nclass
			t.class[s[i]] = c
			t.nclass++
		}
		for len(t.next[n]) <= c {
			t.next[n] = append(t.next[n], 0)
		}
		if t.next[n][c] == 0 {
			child := t.node()
			t.next[n][c] = child
		}
		n = t.next[n][c]
	}
	t.ends[n] = append(t.ends[n], id)
}

func (t *trie) walk(s []byte, fold bool, found func(id int)) {
	n := t.root[0]
	if fold {
		n = t.root[1]
	}
	for _, b := range s {
		c := t.class[b]
		if c < 0 || c >= len(t.next[n]) || t.next[n][c] == 0 {
			return
		}
		n = t.next[n][c]
		for _, id := range t.ends[n] {
			found(id)
		}
	}
}

type bitset []uint64

func newBitset(n int) bitset { return make(bitset, (n+63)/64) }

func (b bitset) set(i int) { b[i/64] |= 1 << (i % 64) }

func (b bitset) or(o bitset) {
	for i := range b {
		b[i] |= o[i]
	}
}

func (b bitset) and(o bitset) {
	for i := range b {
		b[i] &= o[i]
	}
}

func (b bitset) count() int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}
