"""Lab abi: the Linux system-call ABI beyond processes: clocks and calendar time, compared with Linux."""
