// Scenario 6: live diagnostics still work in Restricted Mode; the probe does not.
export const t = 'https://imgproxy.example.com/insecure/w:300/aHR0cHM6Ly9UcnVzdC5FeGFtcGxlLmNvbS90LnBuZw';
