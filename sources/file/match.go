package file

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
)

// Match lists the regular files that patterns select, sorted and without duplicates:
// each pattern is a filepath.Match glob (a literal path is a pattern too); a matched
// directory stands for every regular file under it, recursively. A file or directory is
// left out when an exclude pattern matches its full path or, for a pattern without a
// separator, its base name ("*.tmp" excludes every .tmp file). Paths that do not exist
// are not an error (a log directory may appear later); a directory that exists but cannot be
// read is, because the files in it would silently go unscanned.
func Match(patterns, exclude []string) ([]string, error) {
	return match(patterns, exclude, nil)
}

func match(patterns, exclude []string, log *slog.Logger) ([]string, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var out []string
	for _, p := range patterns {
		paths, err := glob(p)
		if err != nil {
			return nil, err
		}
		if len(paths) == 0 {
			log.Debug("file source: pattern matches nothing", "pattern", p)
		}
		for _, path := range paths {
			if excluded(exclude, path) {
				continue
			}
			fi, err := os.Stat(path) // follows symlinks: a linked log is scanned
			switch {
			case errors.Is(err, fs.ErrNotExist):
				log.Debug("file source: path vanished or dangling link, skipped", "path", path)
				continue
			case err != nil:
				return nil, fmt.Errorf("stat %s: %w (check the permissions of leakwatch's user)", path, err)
			case fi.IsDir():
				files, err := walk(path, exclude, log)
				if err != nil {
					return nil, err
				}
				out = append(out, files...)
			case fi.Mode().IsRegular():
				out = append(out, path)
			default:
				log.Warn("file source: not a regular file, skipped", "path", path, "mode", fi.Mode().String())
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

func excluded(exclude []string, path string) bool {
	for _, x := range exclude {
		if ok, _ := filepath.Match(x, path); ok {
			return true
		}
		if !strings.ContainsRune(x, filepath.Separator) {
			if ok, _ := filepath.Match(x, filepath.Base(path)); ok {
				return true
			}
		}
	}
	return false
}

func walk(root string, exclude []string, log *slog.Logger) ([]string, error) {
	var out []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // removed while walking
			}
			return fmt.Errorf("read %s: %w (check the permissions of leakwatch's user)", path, err)
		}
		if path != root && excluded(exclude, path) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		switch {
		case d.Type().IsRegular():
			out = append(out, path)
		case d.Type()&fs.ModeSymlink != 0:
			// A link to a regular file is scanned; links to directories are not followed
			// (they could loop).
			if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
				out = append(out, path)
			}
		case !d.IsDir():
			log.Debug("file source: not a regular file, skipped", "path", path)
		}
		return nil
	})
	return out, err
}

// glob is filepath.Glob without its silence about unreadable directories: a directory that
// exists but cannot be listed is an error naming it.
func glob(pattern string) ([]string, error) {
	if _, err := filepath.Match(pattern, ""); err != nil {
		return nil, err
	}
	if !hasMeta(pattern) {
		return []string{pattern}, nil
	}
	dir, file := filepath.Split(pattern)
	dir = cleanDir(dir)
	dirs := []string{dir}
	if hasMeta(dir) {
		if dir == pattern { // cannot happen after Split, guards the recursion
			return nil, filepath.ErrBadPattern
		}
		var err error
		if dirs, err = glob(dir); err != nil {
			return nil, err
		}
	}
	var out []string
	for _, d := range dirs {
		ents, err := os.ReadDir(d)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
				continue
			}
			return nil, fmt.Errorf("list %s: %w (check the permissions of leakwatch's user)", d, err)
		}
		for _, e := range ents {
			if ok, _ := filepath.Match(file, e.Name()); ok {
				out = append(out, filepath.Join(d, e.Name()))
			}
		}
	}
	return out, nil
}

func cleanDir(dir string) string {
	switch dir {
	case "":
		return "."
	case string(filepath.Separator):
		return dir
	}
	return dir[:len(dir)-1] // drop the trailing separator
}

func hasMeta(p string) bool { return strings.ContainsAny(p, `*?[\`) }
