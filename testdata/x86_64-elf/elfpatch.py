"""Patches for committed test objects that assemblers will not write (build.sh): fields of
a little-endian ELF64 relocatable object, found by section or symbol name."""
import struct


class Elf:
    def __init__(self, path):
        self.data = bytearray(open(path, 'rb').read())
        d = self.data
        self.shoff, = struct.unpack_from('<Q', d, 0x28)
        self.shentsize, shnum, shstrndx = struct.unpack_from('<HHH', d, 0x3a)
        # (sh_name, sh_type, sh_flags, sh_addr, sh_offset, sh_size, sh_link, sh_info, ...)
        self.sections = [struct.unpack_from('<IIQQQQIIQQ', d, self.header(i)) for i in range(shnum)]
        self.shstrtab = self.sections[shstrndx][4]

    def header(self, index):
        return self.shoff + index * self.shentsize

    def string(self, table_offset, offset):
        start = table_offset + offset
        return bytes(self.data[start:self.data.index(0, start)])

    def section(self, name):
        return next(i for i, s in enumerate(self.sections)
                    if self.string(self.shstrtab, s[0]) == name)

    def set_symbol_values(self, names, value):
        """Sets st_value of every symbol named in `names`; each must be there once."""
        symtab = next(s for s in self.sections if s[1] == 2)  # SHT_SYMTAB
        strtab = self.sections[symtab[6]][4]
        patched = 0
        for i in range(symtab[5] // 24):
            o = symtab[4] + i * 24
            if self.string(strtab, struct.unpack_from('<I', self.data, o)[0]) in names:
                struct.pack_into('<Q', self.data, o + 8, value)
                patched += 1
        assert patched == len(names), (names, patched)

    def save(self, path):
        open(path, 'wb').write(self.data)
