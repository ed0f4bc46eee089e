/* lua_demo: embeds Debian's liblua5.4.a and runs an inline script using a table, a closure,
 * string.format, a pcall'd error and a C function registered from here. cc link: lua_demo.o
 * liblua5.4.a -lm (and -ldl on glibc < 2.34). */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>

static int c_checksum(lua_State *L) {
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    unsigned h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    lua_pushinteger(L, h);
    return 1;
}

static const char script[] =
    "local fruits = { {name='apple', qty=3, price=0.5}, {name='pear', qty=7, price=0.8},\n"
    "                 {name='fig', qty=12, price=1.25} }\n"
    "table.sort(fruits, function(a, b) return a.qty * a.price > b.qty * b.price end)\n"
    "for i, f in ipairs(fruits) do\n"
    "  print(string.format('%d. %-6s qty=%3d total=%8.3f', i, f.name, f.qty, f.qty * f.price))\n"
    "end\n"
    "local function counter(step)\n"
    "  local n = 0\n"
    "  return function() n = n + step; return n end\n"
    "end\n"
    "local c3 = counter(3)\n"
    "c3(); c3()\n"
    "print('closure:', c3(), counter(10)())\n"
    "local words = {}\n"
    "for w in string.gmatch('the quick brown fox jumps over the lazy dog', '%a+') do\n"
    "  words[#words + 1] = w:upper()\n"
    "end\n"
    "print('words:', #words, table.concat(words, ','))\n"
    "local ok, err = pcall(function() error({code = 42}) end)\n"
    "print('pcall table error:', ok, type(err), err.code)\n"
    "ok, err = pcall(function() local t = nil; return t.field end)\n"
    "print('pcall runtime error:', ok, (err:gsub('^.-:%d+: ', '')))\n"
    "print('math:', math.floor(2^40 + 0.5), string.format('%.6f', math.sqrt(2)), 7 // 2, 7 % 3,\n"
    "      math.type(1), math.type(1.0))\n"
    "print('checksum:', string.format('%08x', c_checksum('hello lua')))\n"
    "local fib = setmetatable({}, {__index = function(t, n)\n"
    "  local v = n < 2 and n or t[n - 1] + t[n - 2]; t[n] = v; return v end})\n"
    "print('fib(80):', fib[80])\n"
    "return #fruits * 10 + 2\n";

int main(void) {
    lua_State *L = luaL_newstate();
    luaL_openlibs(L);
    lua_register(L, "c_checksum", c_checksum);
    printf("%s\n", LUA_RELEASE);
    fflush(stdout);
    if (luaL_loadbuffer(L, script, sizeof script - 1, "=demo") != LUA_OK ||
        lua_pcall(L, 0, 1, 0) != LUA_OK) {
        printf("script failed: %s\n", lua_tostring(L, -1));
        lua_close(L);
        return 1;
    }
    int result = (int)lua_tointeger(L, -1);
    printf("script returned %d\n", result);

    /* A syntax error reported through the C API. */
    if (luaL_dostring(L, "x = = 1") != LUA_OK)
        printf("syntax error: %s\n", lua_tostring(L, -1));
    lua_close(L);
    return result == 32 ? 0 : 1;
}
