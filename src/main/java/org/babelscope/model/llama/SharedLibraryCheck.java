package org.babelscope.model.llama;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.babelscope.BadInputException;

/**
 * Checks, before the dynamic linker sees them, that the shared libraries of a llama.cpp folder are
 * whole x86-64 ELF files: glibc's loader crashes the process on a truncated library (tried: the
 * first 100 kB of libllama.so end the JVM with SIGSEGV inside ld-linux), so a damaged download or
 * cache must be refused here, with its name.
 */
final class SharedLibraryCheck {
    private static final int EM_X86_64 = 62;
    private static final int ET_DYN = 3;
    private static final int PT_LOAD = 1;

    private SharedLibraryCheck() {
    }

    /** Checks every {@code lib*.so*} file of the folder. */
    static void requireWholeLibraries(Path dir) {
        List<Path> libs;
        try (Stream<Path> s = Files.list(dir)) {
            libs = s.filter(f -> f.getFileName().toString().startsWith("lib") && f.getFileName().toString().contains(".so"))
                    .filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException("cannot read llama.cpp folder " + dir + ": " + e.getMessage(), e);
        }
        for (Path lib : libs) {
            String why = problem(lib);
            if (why != null) {
                throw new BadInputException("llama.cpp library " + lib + " " + why
                        + " (reinstall it: 'babelscope runtime install NAME' after deleting the folder)");
            }
        }
    }

    /** What is wrong with the file as an x86-64 shared library, or null. */
    static String problem(Path lib) {
        try (FileChannel ch = FileChannel.open(lib, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 64) {
                return "is " + size + " bytes, too short for an ELF file";
            }
            ByteBuffer h = read(ch, 0, 64);
            if (h.getInt(0) != 0x464c457f) {
                return "is not an ELF file";
            }
            if (h.get(4) != 2 || h.get(5) != 1) {
                return "is not a 64-bit little-endian ELF file";
            }
            if (h.getShort(16) != ET_DYN || h.getShort(18) != EM_X86_64) {
                return "is not an x86-64 shared library";
            }
            long phoff = h.getLong(32);
            long shoff = h.getLong(40);
            int phentsize = Short.toUnsignedInt(h.getShort(54));
            int phnum = Short.toUnsignedInt(h.getShort(56));
            int shentsize = Short.toUnsignedInt(h.getShort(58));
            int shnum = Short.toUnsignedInt(h.getShort(60));
            if (phoff < 0 || phentsize < 56 || phoff + (long) phnum * phentsize > size
                    || shoff < 0 || shoff + (long) shnum * shentsize > size) {
                return "is cut short (" + size + " bytes; its headers point past the end)";
            }
            ByteBuffer ph = read(ch, phoff, phnum * phentsize);
            for (int i = 0; i < phnum; i++) {
                int at = i * phentsize;
                if (ph.getInt(at) == PT_LOAD) {
                    long offset = ph.getLong(at + 8);
                    long fileSize = ph.getLong(at + 32);
                    if (offset < 0 || fileSize < 0 || offset + fileSize > size) {
                        return "is cut short (" + size + " bytes; a loadable segment ends at " + (offset + fileSize) + ")";
                    }
                }
            }
            return null;
        } catch (IOException e) {
            return "cannot be read: " + e.getMessage();
        }
    }

    private static ByteBuffer read(FileChannel ch, long at, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                throw new IOException("unexpected end of file");
            }
        }
        return b.flip();
    }
}
