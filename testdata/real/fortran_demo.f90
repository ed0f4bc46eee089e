! fortran_demo: a Fortran program, compiled by gfortran-12 to an object, linked with Debian's
! libgfortran.a and libquadmath.a (libgfortran-12-dev). libgfortran's I/O library keeps the unit
! a thread is working on in a thread-local variable (thread_unit: initial-exec
! R_X86_64_GOTTPOFF in error.o, local-exec R_X86_64_TPOFF32 in async.o). Formatted and
! list-directed output, internal reads and writes, array intrinsics, matmul, a derived type,
! allocatable arrays, quad precision (libquadmath) and an I/O error caught with iostat.
! cc link: gfortran-12 fortran_demo.o -static-libgfortran (libgfortran.a, libquadmath.a, -lm).
module shapes
  implicit none
  type :: circle
    character(len=8) :: name
    real(8) :: radius
  end type circle
contains
  pure function area(c) result(a)
    type(circle), intent(in) :: c
    real(8) :: a
    a = 4.0d0 * atan(1.0d0) * c%radius**2
  end function area
end module shapes

program fortran_demo
  use shapes
  implicit none
  integer :: i, j, ios, n
  real(8) :: a(3,3), b(3,3), c(3,3), v(10)
  real(16) :: q
  integer, allocatable :: primes(:)
  character(len=64) :: line
  character(len=16) :: word
  type(circle) :: cs(3)

  write (*, '(a)') 'fortran demo'
  do i = 1, 3
    do j = 1, 3
      a(i, j) = real(i + j, 8)
      b(i, j) = merge(1.0d0, 0.0d0, i == j) * 2.0d0
    end do
  end do
  c = matmul(a, b)
  do i = 1, 3
    write (*, '(3f8.2)') c(i, :)
  end do
  write (*, '(a, f10.4, a, es12.4)') 'trace ', c(1,1) + c(2,2) + c(3,3), ' product ', product(c)

  v = [(sqrt(real(i, 8)), i = 1, 10)]
  write (*, '(a, f12.8)') 'sum of sqrt(1..10) = ', sum(v)
  write (*, '(a, i0, a, i0)') 'maxloc ', maxloc(v, 1), ' count>2 ', count(v > 2.0d0)

  n = 0
  allocate (primes(0))
  do i = 2, 60
    if (all(mod(i, [(j, j = 2, max(2, int(sqrt(real(i)))))]) /= 0 .or. i == 2)) then
      primes = [primes, i]
    end if
  end do
  write (*, '(a, i0, a)', advance='no') 'primes below 60 (', size(primes), '):'
  write (*, '(*(1x, i0))') primes

  cs = [circle('small', 1.0d0), circle('medium', 2.5d0), circle('large', 10.0d0)]
  do i = 1, size(cs)
    write (*, '(a8, a, f12.5)') cs(i)%name, ' area ', area(cs(i))
  end do

  write (line, '(i5, 1x, f7.3, 1x, a)') 42, 3.14159d0, 'internal'
  write (*, '(3a)') '[', trim(line), ']'
  read (line, *) n, v(1), word
  write (*, '(a, i0, a, f6.3, 3a)') 'read back: ', n, ' ', v(1), ' "', trim(word), '"'

  read (line, '(i5)', iostat=ios) n
  write (*, '(a, i0)') 'iostat ok: ', ios
  word = 'abc'
  read (word, '(i3)', iostat=ios) n
  write (*, '(a, l1)') 'iostat on a bad integer is positive: ', ios > 0

  q = 1.0_16
  do i = 1, 30
    q = q + 1.0_16 / real(2, 16)**(i * 3)
  end do
  write (*, '(a, f40.34)') 'quad: ', q
  write (*, '(a, f40.34)') 'quad sqrt(2): ', sqrt(2.0_16)
  write (*, *) 'list-directed:', 7, .true., 'text'
end program fortran_demo
