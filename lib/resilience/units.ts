/** 0.5 -> "30 s", 2.5 -> "2 min 30 s", 75 -> "75 min", 1740 -> "29 h", 150 -> "2 h 30 min". */
export function formatMinutes(minutes: number): string {
  if (minutes < 10) {
    // Short figures come from health-check and failover seconds: keep their seconds.
    const seconds = Math.round(minutes * 60);
    const whole = Math.floor(seconds / 60);
    const rest = seconds % 60;
    if (whole === 0) return `${rest} s`;
    return rest === 0 ? `${whole} min` : `${whole} min ${rest} s`;
  }
  if (minutes < 120) return `${Math.round(minutes)} min`;
  const hours = Math.floor(minutes / 60);
  const rest = Math.round(minutes - hours * 60);
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}
