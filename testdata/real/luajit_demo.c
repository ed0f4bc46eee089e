/* luajit_demo: embeds Debian's libluajit-5.1.a (libluajit-5.1-dev). LuaJIT raises Lua errors
 * as external (DWARF) exceptions; the _Unwind_Exception it throws is a thread-local variable
 * (static_uex in lj_err.c, local-exec R_X86_64_TPOFF32), and the unwinder walks the eh_frame
 * of the VM (lj_vm.o) and of this file's C frames. Runs a script with hot loops (compiled to
 * traces), closures, string buffers, pcall'd errors thrown from Lua and from a C function,
 * an error unwinding through a C frame (lua_call from C), and the FFI calling strlen. cc link:
 * luajit_demo.o libluajit-5.1.a -lm -ldl. */
#include <stdio.h>
#include <string.h>
#include <lauxlib.h>
#include <lua.h>
#include <luajit.h>
#include <lualib.h>

static int c_fail(lua_State *L) {
    return luaL_error(L, "c_fail(%d)", (int)luaL_checkinteger(L, 1));
}

/* Calls its argument unprotected: an error inside unwinds through this C frame. */
static int c_call(lua_State *L) {
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_settop(L, 1);
    lua_call(L, 0, 1);
    return 1;
}

static const char script[] =
    "local t = {}\n"
    "for i = 1, 2000 do t[i] = (i * 7919) % 1009 end\n"
    "local sum, max = 0, 0\n"
    "for i = 1, #t do sum = sum + t[i]; if t[i] > max then max = t[i] end end\n"
    "print('sum', sum, 'max', max)\n"
    "local function fib(n) if n < 2 then return n end return fib(n-1) + fib(n-2) end\n"
    "print('fib(24)', fib(24))\n"
    "local acc = 0.0\n"
    "for i = 1, 100000 do acc = acc + math.sqrt(i) * 0.5 end\n"
    "print(string.format('acc %.6f', acc))\n"
    "local words = {}\n"
    "for w in ('the quick brown fox jumps over the lazy dog'):gmatch('%a+') do\n"
    "  words[#words + 1] = w:upper()\n"
    "end\n"
    "table.sort(words)\n"
    "print(table.concat(words, ','))\n"
    "print('pcall error', pcall(error, 'boom'))\n"
    "print('pcall table error', select(2, pcall(error, {code = 7})).code)\n"
    "print('pcall c_fail', pcall(c_fail, 42))\n"
    "print('through C', pcall(c_call, function() error('inner', 0) end))\n"
    "print('through C ok', pcall(c_call, function() return 'fine' end))\n"
    "local ok, msg = xpcall(function() local x = nil; return x.field end,\n"
    "                       function(m) return 'handled: ' .. tostring(m):gsub('^.-:%d+: ', '') end)\n"
    "print('xpcall', ok, msg)\n"
    "local n = 0\n"
    "for i = 1, 300 do if not pcall(error, i) then n = n + 1 end end\n"
    "print('errors caught in a loop', n)\n"
    "local ffi = require('ffi')\n"
    "ffi.cdef[[size_t strlen(const char *);]]\n"
    "print('ffi strlen', tonumber(ffi.C.strlen('thread-local storage')))\n"
    "local p = ffi.new('int[10]')\n"
    "for i = 0, 9 do p[i] = i * i end\n"
    "local s = 0; for i = 0, 9 do s = s + p[i] end\n"
    "print('ffi array sum', s)\n"
    "print('jit', jit.version_num >= 20100, (jit.status()))\n";

int main(void) {
    lua_State *L = luaL_newstate();
    if (!L)
        return 1;
    luaL_openlibs(L);
    lua_register(L, "c_fail", c_fail);
    lua_register(L, "c_call", c_call);
    printf("%s\n", LUAJIT_VERSION);
    if (luaL_loadbuffer(L, script, strlen(script), "=demo") || lua_pcall(L, 0, 0, 0)) {
        printf("error: %s\n", lua_tostring(L, -1));
        lua_close(L);
        return 1;
    }
    /* An error raised by lua_error from C, caught by lua_pcall. */
    lua_pushcfunction(L, c_fail);
    lua_pushinteger(L, 5);
    int rc = lua_pcall(L, 1, 0, 0);
    printf("lua_pcall(c_fail) = %d: %s\n", rc, lua_tostring(L, -1));
    lua_close(L);
    fflush(stdout);
    return 0;
}
